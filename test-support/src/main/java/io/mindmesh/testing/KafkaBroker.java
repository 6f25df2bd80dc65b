package io.mindmesh.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside the test
 * JVM, started once per JVM and closed when the JVM exits.
 *
 * <p>Two guards keep the broker from killing the test JVM as it exits: its log directories live
 * in a folder of ours (Kafka's own temp folders are deleted by a shutdown hook of Kafka's, which
 * can run while the broker still writes a checkpoint there), and during our shutdown Kafka's
 * exit and halt procedures do nothing (a broker that loses its only log directory halts the
 * process with status 1, which the test runner reports as a crashed fork).
 *
 * <p>A test can {@link #stop()} the broker and {@link #start()} it again to cause an outage: the
 * controller and the log directories stay, and the broker comes back on the same port (the test
 * kit keeps each listener's port), so producers and consumers see an outage, not a new cluster.
 */
public final class KafkaBroker {

    private static KafkaBroker shared;

    private final KafkaClusterTestKit cluster;
    private final Path baseDirectory;

    private KafkaBroker(KafkaClusterTestKit cluster, Path baseDirectory) {
        this.cluster = cluster;
        this.baseDirectory = baseDirectory;
    }

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = launch();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-stop"));
        }
        return shared;
    }

    private static KafkaBroker launch() {
        try {
            Path base = Files.createTempDirectory("mindmesh-kafka-");
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(base)
                    .build())
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster, base);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start Kafka", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Stops the broker the way an operator would (a controlled shutdown) and waits until it is gone. */
    public synchronized void stop() {
        cluster.brokers().values().forEach(BrokerServer::shutdown);
        cluster.brokers().values().forEach(BrokerServer::awaitShutdown);
    }

    /** Starts the stopped broker again on its log directory and port, and waits until it is ready. */
    public synchronized void start() {
        try {
            cluster.brokers().values().forEach(BrokerServer::startup);
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Could not restart Kafka", e);
        }
    }

    private void close() {
        Exit.setExitProcedure((status, message) -> {
        });
        Exit.setHaltProcedure((status, message) -> {
        });
        try {
            cluster.close();
        } catch (Exception e) {
            // The JVM is exiting; a broker that does not close cleanly leaves only its folder.
        }
        Processes.run(List.of("rm", "-rf", baseDirectory.toString()));
    }
}
