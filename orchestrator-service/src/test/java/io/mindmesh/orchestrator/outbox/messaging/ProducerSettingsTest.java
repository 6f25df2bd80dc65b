package io.mindmesh.orchestrator.outbox.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The relay's producer takes every producer property of the {@code kafka.*} configuration. */
class ProducerSettingsTest {

    @Test
    void securityAndClientPropertiesArePassedOn() {
        Properties props = ProducerSettings.from(Map.of(
                "bootstrap.servers", "broker-1:9093,broker-2:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "ssl.truststore.password", "changeit",
                "client.id", "orchestrator-eu-1",
                "compression.type", "zstd"));

        assertEquals("broker-1:9093,broker-2:9093", props.get("bootstrap.servers"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;", props.get("sasl.jaas.config"));
        assertEquals("/etc/kafka/truststore.p12", props.get("ssl.truststore.location"));
        assertEquals("changeit", props.get("ssl.truststore.password"));
        assertEquals("orchestrator-eu-1", props.get("client.id"));
        assertEquals("zstd", props.get("compression.type"));
    }

    @Test
    void durabilityCannotBeConfiguredAway() {
        Properties props = ProducerSettings.from(Map.of("acks", "0", "enable.idempotence", "false"));

        assertEquals("all", props.get("acks"));
        assertEquals("true", props.get("enable.idempotence"));
    }

    @Test
    void relayDefaultsApplyWhenNotConfiguredAndYieldToConfiguration() {
        Properties defaults = ProducerSettings.from(Map.of());
        Properties configured = ProducerSettings.from(Map.of("max.block.ms", "20000"));

        assertEquals("127.0.0.1:19092", defaults.get("bootstrap.servers"));
        assertEquals("orchestrator-outbox", defaults.get("client.id"));
        assertEquals("5000", defaults.get("max.block.ms"));
        assertEquals("20000", configured.get("max.block.ms"));
    }

    @Test
    void keysAProducerDoesNotKnowAreLeftOut() {
        Properties props = ProducerSettings.from(Map.of(
                "group.id", "orchestrator-service",
                "auto.offset.reset", "earliest",
                "health.enabled", "true",
                "security.protocol", ""));

        assertFalse(props.containsKey("group.id"));
        assertFalse(props.containsKey("auto.offset.reset"));
        assertFalse(props.containsKey("health.enabled"));
        assertFalse(props.containsKey("security.protocol"), "an empty value keeps Kafka's default");
    }

    @Test
    void quarkusTlsRegistryNameReachesItsSslEngineFactory() {
        Properties props = ProducerSettings.from(Map.of(
                "tls-configuration-name", "kafka-tls",
                "ssl.engine.factory.class", "io.quarkus.kafka.client.tls.QuarkusKafkaSslEngineFactory"));

        assertEquals("kafka-tls", props.get("tls-configuration-name"));
        assertEquals("io.quarkus.kafka.client.tls.QuarkusKafkaSslEngineFactory", props.get("ssl.engine.factory.class"));
    }
}
