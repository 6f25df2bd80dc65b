package io.mindmesh.common.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Whether the Kafka cluster answers, as its own health group ({@code /q/health/group/kafka}) and
 * the gauge {@code mindmesh_kafka_up} (1 or 0, refreshed every {@value #REFRESH_SECONDS} s), never
 * as part of readiness: the orchestrator's outbox and the analytics consumer ride out a broker
 * outage, so taking the API out of the load balancer for it would turn a delay in analytics into
 * an outage of everything. Operators are told by the MindMeshKafkaDown alert instead.
 *
 * <p>Present in a service only when it sets {@code mindmesh.kafka.health.enabled=true} at build
 * time (the orchestrator and analytics); the other services have no Kafka client.
 */
@IfBuildProperty(name = "mindmesh.kafka.health.enabled", stringValue = "true")
@HealthGroup(KafkaHealth.GROUP)
@ApplicationScoped
public class KafkaHealth implements HealthCheck {

    public static final String GROUP = "kafka";
    static final int REFRESH_SECONDS = 10;
    private static final int TIMEOUT_MS = 3000;
    private static final Logger LOG = Logger.getLogger(KafkaHealth.class);

    private final Admin admin;
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kafka-health").daemon().factory());
    private final MeterRegistry metrics;
    private final Gauge up;
    private volatile int brokers = -1;

    KafkaHealth(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry metrics) {
        this.admin = Admin.create(adminSettings(kafka));
        this.metrics = metrics;
        this.up = Gauge.builder("mindmesh.kafka.up", this, health -> health.brokers > 0 ? 1 : 0)
                .description("1 when the Kafka cluster answered the last check (every 10 s), else 0")
                .register(metrics);
    }

    /** Only the admin client's own settings (the map holds every kafka.* property), with short timeouts. */
    static Map<String, Object> adminSettings(Map<String, Object> kafka) {
        Map<String, Object> settings = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "mindmesh-kafka-health");
        return settings;
    }

    void start(@Observes StartupEvent event) {
        refresh.scheduleWithFixedDelay(this::check, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The registry may outlive this instance (the global composite registry does when an application
     * restarts in one JVM, as tests do): a gauge left behind would read a collected instance (NaN)
     * and shadow the next instance's gauge of the same name.
     */
    void stop(@Observes ShutdownEvent event) {
        metrics.remove(up);
        refresh.shutdownNow();
        admin.close();
    }

    @Override
    public HealthCheckResponse call() {
        check();
        int seen = brokers;
        return HealthCheckResponse.named(GROUP).status(seen > 0).withData("brokers", Math.max(seen, 0)).build();
    }

    private void check() {
        int before = brokers;
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            brokers = nodes.size();
        } catch (ExecutionException | TimeoutException e) {
            brokers = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            brokers = 0;
        }
        if (before > 0 && brokers == 0) {
            LOG.warn("Kafka does not answer; the outbox keeps events until it is back (mindmesh_kafka_up = 0)");
        } else if (before == 0 && brokers > 0) {
            LOG.info("Kafka answers again");
        }
    }
}
