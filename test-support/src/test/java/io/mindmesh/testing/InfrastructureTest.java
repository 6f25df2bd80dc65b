package io.mindmesh.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InfrastructureTest {

    @Test
    void postgresCreatesDatabasesAndAnswersQueries() throws Exception {
        String url = PostgresServer.shared().database("smoke");
        try (var c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
                var rs = c.createStatement().executeQuery("select current_database(), 6 * 7")) {
            rs.next();
            assertEquals("smoke", rs.getString(1));
            assertEquals(42, rs.getInt(2));
        }
    }

    @Test
    void kafkaDeliversWhatWasProduced() throws Exception {
        String servers = KafkaBroker.shared().bootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("smoke", "k", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("smoke"));
            var records = consumer.poll(Duration.ofSeconds(20));
            assertEquals("hello", records.iterator().next().value());
        }
    }
}
