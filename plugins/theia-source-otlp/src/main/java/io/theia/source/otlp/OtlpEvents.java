package io.theia.source.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.theia.api.event.Event;
import io.theia.source.otlp.OtlpSourceConfig.Attributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the log records of an export request into events (docs/otlp.md has the rules and a worked example):
 * <ul>
 *   <li>{@code id}: from a hash of the record, its resource and its scope ({@link RecordIds}), so that a record
 *       exported again is the same event;</li>
 *   <li>{@code timestamp}: {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the receive time,
 *       to the nanosecond;</li>
 *   <li>{@code source}: the configured resource attribute (empty when the resource has none);</li>
 *   <li>{@code tags}: the configured names in order: {@value #SEVERITY} is the severity text (else the severity
 *       number's short name), another name the record's attribute of that name, else the resource's; {@code ,} and
 *       line breaks become {@code _}; missing and empty values are left out, repeated ones kept once;</li>
 *   <li>{@code content}: the body, a string as is, anything else as compact JSON ({@link JsonText}); with
 *       {@code attributes: content} followed by a space (when the body is not empty) and the record's attributes not
 *       used as tags, as a compact JSON object;</li>
 *   <li>headers {@code trace_id} and {@code span_id} (lower-case hex) when the record has them in their specified
 *       sizes (16 and 8 bytes).</li>
 * </ul>
 * A record whose content, source and tags would take more than {@code maxRecordBytes} is rejected, not delivered.
 * Thread-safe.
 */
final class OtlpEvents {

    /** The tag name that stands for the record's severity. */
    static final String SEVERITY = "severity";

    private static final int TRACE_ID_BYTES = 16;
    private static final int SPAN_ID_BYTES = 8;
    private static final String[] SEVERITY_NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private final String sourceAttribute;
    private final List<String> tagNames;
    private final Set<String> tagAttributes;
    private final Attributes attributes;
    private final int maxRecordBytes;

    OtlpEvents(String sourceAttribute, List<String> tagNames, Attributes attributes, int maxRecordBytes) {
        this.sourceAttribute = sourceAttribute;
        this.tagNames = List.copyOf(tagNames);
        this.tagAttributes = Set.copyOf(tagNames);
        this.attributes = attributes;
        this.maxRecordBytes = maxRecordBytes;
    }

    OtlpEvents(OtlpSourceConfig config) {
        this(config.sourceAttribute(), config.tags(), config.attributesMode(), config.maxRecordBytes());
    }

    /**
     * The events of a request, each id once.
     *
     * @param events the events to deliver, in the request's order, without repeated ids
     * @param repeated how many records repeated a record earlier in the request (same id), counted as duplicates
     * @param rejected how many records were refused (too long)
     * @param rejectedMessage why the first refused record was refused, or empty
     */
    record Mapped(List<Event> events, int repeated, int rejected, String rejectedMessage) {
        /** How many log records the request had. */
        int records() {
            return events.size() + repeated + rejected;
        }
    }

    /** Maps every record of a request; {@code received} stands in for records without a time. */
    Mapped map(ExportLogsServiceRequest request, Instant received) {
        RecordIds ids = new RecordIds();
        Map<String, Event> events = new LinkedHashMap<>();
        int repeated = 0;
        int rejected = 0;
        String rejectedMessage = "";
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            List<KeyValue> resource = resourceLogs.getResource().getAttributesList();
            String source = singleLine(stringOf(find(resource, sourceAttribute)));
            for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
                ids.startScope(resourceLogs.getResource(), resourceLogs.getSchemaUrl(), scopeLogs.getScope(),
                        scopeLogs.getSchemaUrl());
                for (LogRecord record : scopeLogs.getLogRecordsList()) {
                    String id = ids.idOf(record);
                    if (events.containsKey(id)) {
                        repeated++;
                        continue;
                    }
                    String content = content(record);
                    List<String> tags = tags(record, resource);
                    if (!fits(content, source, tags)) {
                        if (rejected == 0) {
                            rejectedMessage = "log record " + id + " is longer than maxRecordBytes ("
                                    + maxRecordBytes + " bytes of content, source and tags)";
                        }
                        rejected++;
                        continue;
                    }
                    events.put(id, new Event(id, timestamp(record, received), source, tags, content,
                            headers(record)));
                }
            }
        }
        return new Mapped(List.copyOf(events.values()), repeated, rejected, rejectedMessage);
    }

    /** {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the receive time. */
    static Instant timestamp(LogRecord record, Instant received) {
        long nanos = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
        if (nanos == 0) {
            return received;
        }
        // fixed64: unsigned. Every value is before the year 9999 (2^64 ns is in 2554).
        return Instant.ofEpochSecond(Long.divideUnsigned(nanos, 1_000_000_000L),
                Long.remainderUnsigned(nanos, 1_000_000_000L));
    }

    private List<String> tags(LogRecord record, List<KeyValue> resource) {
        Set<String> tags = new LinkedHashSet<>();
        for (String name : tagNames) {
            String value;
            if (name.equals(SEVERITY)) {
                value = severity(record);
            } else {
                AnyValue found = find(record.getAttributesList(), name);
                value = stringOf(found != null ? found : find(resource, name));
            }
            if (!value.isEmpty()) {
                tags.add(value.replace(',', '_').replace('\n', '_').replace('\r', '_'));
            }
        }
        return List.copyOf(tags);
    }

    /** The severity text, else the short name of the severity number (TRACE .. FATAL4), else empty. */
    static String severity(LogRecord record) {
        if (!record.getSeverityText().isEmpty()) {
            return record.getSeverityText();
        }
        int number = record.getSeverityNumberValue();
        if (number < 1 || number > 24) {
            return "";
        }
        int step = (number - 1) % 4;
        return SEVERITY_NAMES[(number - 1) / 4] + (step == 0 ? "" : Integer.toString(step + 1));
    }

    private String content(LogRecord record) {
        AnyValue body = record.getBody();
        String text = body.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? body.getStringValue()
                : body.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET ? "" : JsonText.of(body);
        if (attributes == Attributes.DROP) {
            return text;
        }
        List<KeyValue> pairs = record.getAttributesList();
        boolean any = false;
        for (KeyValue pair : pairs) {
            any |= !tagAttributes.contains(pair.getKey());
        }
        if (!any) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64).append(text);
        if (!text.isEmpty()) {
            out.append(' ');
        }
        JsonText.appendObject(out, pairs, key -> !tagAttributes.contains(key));
        return out.toString();
    }

    /** {@code trace_id} and {@code span_id} when they have their specified sizes (16 and 8 bytes); else left out. */
    private static Map<String, String> headers(LogRecord record) {
        boolean trace = record.getTraceId().size() == TRACE_ID_BYTES;
        boolean span = record.getSpanId().size() == SPAN_ID_BYTES;
        if (!trace && !span) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (trace) {
            headers.put("trace_id", RecordIds.hex(record.getTraceId().toByteArray()));
        }
        if (span) {
            headers.put("span_id", RecordIds.hex(record.getSpanId().toByteArray()));
        }
        return headers;
    }

    private static AnyValue find(List<KeyValue> pairs, String key) {
        for (KeyValue pair : pairs) {
            if (pair.getKey().equals(key)) {
                return pair.getValue();
            }
        }
        return null;
    }

    /** A value as text: a string as is, anything else as compact JSON, nothing as empty. */
    private static String stringOf(AnyValue value) {
        if (value == null || value.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
            return "";
        }
        return value.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? value.getStringValue() : JsonText.of(value);
    }

    private static String singleLine(String text) {
        return text.replace('\n', '_').replace('\r', '_');
    }

    /**
     * Whether content, source and tags together take at most {@code maxRecordBytes} in UTF-8, so that the event stays
     * below what a store accepts (16 MiB serialized; {@code maxRecordBytes} is at most 15 MiB). Counts bytes only
     * when three bytes a char could exceed the limit.
     */
    private boolean fits(String content, String source, List<String> tags) {
        long chars = (long) content.length() + source.length();
        for (String tag : tags) {
            chars += tag.length() + 1;
        }
        if (chars * 3 <= maxRecordBytes) {
            return true;
        }
        long bytes = utf8Length(content) + utf8Length(source);
        for (String tag : tags) {
            bytes += utf8Length(tag) + 1;
        }
        return bytes <= maxRecordBytes;
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
