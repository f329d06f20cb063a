package io.theia.kafka;

import io.theia.api.plugin.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of a {@code kafka} source, as written in a {@code sources} entry of a collector's configuration:
 *
 * <pre>{@code
 * sources:
 *   - type: kafka
 *     bootstrapServers: kafka1:9092,kafka2:9092
 *     topic: theia-events
 *     groupId: theia-collectors
 *     properties:                # passed to the Kafka consumer as they are (SASL, TLS, tuning)
 *       security.protocol: SSL
 * }</pre>
 *
 * <p>Immutable. The compact constructor applies the defaults and reports every invalid value at once, in one
 * {@link IllegalArgumentException} whose message names each key.
 *
 * @param bootstrapServers the brokers to start from ({@code host:port,...})
 * @param topic the topic to consume
 * @param groupId the consumer group; the collectors of one cluster share it (default {@value #DEFAULT_GROUP_ID})
 * @param maxPollRecords the most records saved as one batch (default {@value #DEFAULT_MAX_POLL_RECORDS})
 * @param maxEventBytes the largest event accepted, in bytes (default 16 MiB); a larger record is skipped as
 *     undecodable
 * @param retryMillis the first pause before saving a batch again after the store refused it, doubled up to 30 s
 *     (default {@value #DEFAULT_RETRY_MILLIS})
 * @param properties Kafka consumer properties passed as they are, except those theia sets itself
 *     ({@link #OWNED})
 */
public record KafkaSourceConfig(@Required String bootstrapServers, @Required String topic, String groupId,
        Integer maxPollRecords, Integer maxEventBytes, Long retryMillis, Map<String, String> properties) {

    /** The default consumer group. */
    public static final String DEFAULT_GROUP_ID = "theia";
    /** The default {@code maxPollRecords}. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 10_000;
    /** The default {@code retryMillis}. */
    public static final long DEFAULT_RETRY_MILLIS = 500;
    /** Consumer settings theia sets itself: offsets are committed by the source once the save is durable. */
    public static final List<String> OWNED = List.of("bootstrap.servers", "group.id", "enable.auto.commit",
            "key.deserializer", "value.deserializer", "max.poll.records");

    /** Applies the defaults and checks every value. */
    public KafkaSourceConfig {
        List<String> problems = new ArrayList<>();
        KafkaClientSettings.require("bootstrapServers", bootstrapServers, problems);
        KafkaClientSettings.require("topic", topic, problems);
        groupId = groupId == null || groupId.isBlank() ? DEFAULT_GROUP_ID : groupId;
        maxPollRecords = maxPollRecords == null ? DEFAULT_MAX_POLL_RECORDS : maxPollRecords;
        if (maxPollRecords <= 0) {
            problems.add("maxPollRecords: must be positive, not " + maxPollRecords);
        }
        maxEventBytes = maxEventBytes == null ? 16 * 1024 * 1024 : maxEventBytes;
        if (maxEventBytes <= 0) {
            problems.add("maxEventBytes: must be positive, not " + maxEventBytes);
        }
        retryMillis = retryMillis == null ? DEFAULT_RETRY_MILLIS : retryMillis;
        if (retryMillis <= 0) {
            problems.add("retryMillis: must be positive, not " + retryMillis);
        }
        properties = KafkaClientSettings.copy(properties);
        KafkaClientSettings.check("properties", properties, OWNED, problems);
        KafkaClientSettings.throwIfAny(problems);
    }
}
