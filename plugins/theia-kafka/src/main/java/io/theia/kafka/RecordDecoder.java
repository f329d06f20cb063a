package io.theia.kafka;

import io.theia.api.codec.EventFormatException;
import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import io.theia.api.source.SourceMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes polled records: each value is one event in the theia wire encoding (docs/formats.md section 2). A record
 * that is not exactly one well-formed event is skipped, counted and logged with its partition and offset. Not
 * thread-safe (the consumer thread's).
 */
final class RecordDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);

    private final String sourceName;
    private final int maxEventBytes;
    private final SourceMetrics.Counter undecodable;

    RecordDecoder(String sourceName, int maxEventBytes, SourceMetrics.Counter undecodable) {
        this.sourceName = sourceName;
        this.maxEventBytes = maxEventBytes;
        this.undecodable = undecodable;
    }

    /**
     * The events of the records, partition by partition and in order within each, and the offset to commit for
     * each partition once they are saved.
     */
    Batch decode(ConsumerRecords<ByteBuffer, ByteBuffer> records) {
        List<Event> events = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<ByteBuffer, ByteBuffer>> ofPartition = records.records(partition);
            for (ConsumerRecord<ByteBuffer, ByteBuffer> record : ofPartition) {
                Event event = decode(record);
                if (event != null) {
                    events.add(event);
                }
            }
            if (!ofPartition.isEmpty()) {
                next.put(partition, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
            }
        }
        return new Batch(events, next);
    }

    /** The record's event, or null when it is not one. */
    Event decode(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        // The fetched bytes themselves (ByteBufferDeserializer): decoded where they are, without a copy.
        ByteBuffer value = record.value();
        String problem;
        if (value == null) {
            problem = "it has no value";
        } else {
            try (EventReader reader = EventReader.of(value, maxEventBytes)) {
                Event event = reader.read();
                if (event != null && reader.read() == null) {
                    return event;
                }
                problem = event == null ? "its value is empty" : "its value holds more than one event";
            } catch (EventFormatException e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = e.toString();
            }
        }
        undecodable.increment(1);
        LOG.error("Source '{}': skipped the record at {}-{} offset {}: not a theia event: {}", sourceName,
                record.topic(), record.partition(), record.offset(), problem);
        return null;
    }

    /**
     * A decoded batch.
     *
     * @param events the events, each partition's in the partition's order
     * @param nextOffsets for each partition of the batch, the offset after its last record
     */
    record Batch(List<Event> events, Map<TopicPartition, OffsetAndMetadata> nextOffsets) {
    }
}
