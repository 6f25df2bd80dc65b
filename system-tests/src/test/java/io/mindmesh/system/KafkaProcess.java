package io.mindmesh.system;

import io.mindmesh.testing.Checkout;
import io.mindmesh.testing.Ports;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka (KRaft) in its own JVM, from the jars {@code bin/platform fetch} puts under
 * {@code .local/infra/kafka}, the way {@code bin/platform} runs it. Unlike test-support's in-JVM
 * {@code KafkaBroker}, a test can {@link #stop()} it and {@link #start()} it again: it keeps its
 * log directory and comes back on the same ports, so producers and consumers see an outage, not
 * a new cluster.
 */
final class KafkaProcess {

    private static final Duration STARTUP = Duration.ofMinutes(1);

    private final Path directory;
    private final Path config;
    private final int port = Ports.free();
    private Process process;

    private KafkaProcess(Path directory) throws IOException {
        this.directory = directory;
        this.config = directory.resolve("server.properties");
        int controllerPort = Ports.free();
        Files.writeString(config, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                """.formatted(port, controllerPort, directory.resolve("data")));
    }

    /** Formats a fresh log directory and starts the broker. */
    static KafkaProcess launch() {
        try {
            KafkaProcess kafka = new KafkaProcess(Files.createTempDirectory("mindmesh-st-kafka-"));
            kafka.run("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", kafka.config.toString());
            kafka.start();
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start Kafka", e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) on its log directory and waits until it accepts connections. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = command("kafka.Kafka", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start Kafka", e);
        }
        awaitListening();
    }

    /** Stops the broker the way an operator would (SIGTERM) and waits until it is gone. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker for good and removes its data. */
    void destroy() {
        stop();
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // The JVM is exiting; only a temporary folder stays behind.
        }
    }

    private void run(String mainClass, String... arguments) throws IOException {
        Process tool = command(mainClass, arguments).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile())).start();
        try {
            if (tool.waitFor() != 0) {
                throw new IllegalStateException(mainClass + " failed; see " + logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ProcessBuilder command(String mainClass, String... arguments) {
        Path libs = Checkout.infra().resolve("kafka/libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka is not fetched yet under " + libs + ": run bin/platform fetch");
        }
        List<String> command = new ArrayList<>(List.of(Platform.javaBinary(), "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", libs + "/*", mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private File logFile() throws IOException {
        return Files.createDirectories(Path.of("target/logs")).resolve("kafka.log").toFile();
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited at start; see system-tests/target/logs/kafka.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Platform.pause(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("Kafka did not listen in time; see system-tests/target/logs/kafka.log");
    }
}
