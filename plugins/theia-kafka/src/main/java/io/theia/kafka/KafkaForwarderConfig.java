package io.theia.kafka;

import io.theia.api.plugin.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@code kafka} forwarder, as written in the {@code forward} section of an agent's configuration:
 *
 * <pre>{@code
 * forward:
 *   type: kafka
 *   bootstrapServers: kafka1:9092,kafka2:9092
 *   topic: theia-events
 *   properties:                  # passed to the Kafka producer as they are (SASL, TLS, linger.ms, compression)
 *     compression.type: lz4
 * }</pre>
 *
 * <p>Immutable. The compact constructor applies the defaults and reports every invalid value at once.
 *
 * @param bootstrapServers the brokers to start from ({@code host:port,...})
 * @param topic the topic to produce to
 * @param closeTimeoutMillis how long closing waits for records not yet acknowledged (default 5000); those not
 *     acknowledged by then are delivered again by their sources after a restart
 * @param properties Kafka producer properties passed as they are, except those theia sets itself ({@link #OWNED})
 */
public record KafkaForwarderConfig(@Required String bootstrapServers, @Required String topic,
        Long closeTimeoutMillis, Map<String, String> properties) {

    /**
     * Producer settings theia sets itself: every record acknowledged by all in-sync replicas, written once and in
     * order per partition even when the producer retries.
     */
    public static final List<String> OWNED = List.of("bootstrap.servers", "acks", "enable.idempotence",
            "key.serializer", "value.serializer");

    /** Applies the defaults and checks every value. */
    public KafkaForwarderConfig {
        List<String> problems = new ArrayList<>();
        KafkaClientSettings.require("bootstrapServers", bootstrapServers, problems);
        KafkaClientSettings.require("topic", topic, problems);
        closeTimeoutMillis = closeTimeoutMillis == null ? 5000 : closeTimeoutMillis;
        if (closeTimeoutMillis < 0) {
            problems.add("closeTimeoutMillis: must not be negative, not " + closeTimeoutMillis);
        }
        properties = KafkaClientSettings.copy(properties);
        KafkaClientSettings.check("properties", properties, OWNED, problems);
        KafkaClientSettings.throwIfAny(problems);
    }
}
