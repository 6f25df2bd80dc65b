package io.mindmesh.orchestrator.outbox.messaging;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The outbox producer's Kafka properties. They start from every {@code kafka.*} property of the
 * configuration, the same map SmallRye's Kafka connector uses (Quarkus' {@code default-kafka-broker}:
 * {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}, {@code kafka.ssl.*},
 * {@code KAFKA_*} environment variables...), keeping the keys a producer knows (so consumer-only
 * ones such as {@code group.id} are not passed on). Defaults suited to the relay apply when not
 * configured; idempotence and {@code acks=all} are always forced, since the relay marks a row
 * published only once it is safely stored by the broker.
 */
final class ProducerSettings {

    private static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092",
            ProducerConfig.CLIENT_ID_CONFIG, "orchestrator-outbox",
            // Fail fast when the broker is away: the rows stay in the outbox and the next relay run retries.
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000",
            ProducerConfig.LINGER_MS_CONFIG, "5");

    /**
     * Not a Kafka key: Quarkus' TLS registry configuration name, read by the SSL engine factory
     * Quarkus sets in {@code ssl.engine.factory.class} when {@code kafka.tls-configuration-name} is used.
     */
    private static final String TLS_CONFIGURATION_NAME = "tls-configuration-name";

    private ProducerSettings() {
    }

    /** {@code kafka} holds the configured properties without their {@code kafka.} prefix. */
    static Properties from(Map<String, ?> kafka) {
        Properties props = new Properties();
        props.putAll(DEFAULTS);
        kafka.forEach((key, value) -> {
            boolean known = ProducerConfig.configNames().contains(key) || TLS_CONFIGURATION_NAME.equals(key);
            if (known && value != null && !value.toString().isEmpty()) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }
}
