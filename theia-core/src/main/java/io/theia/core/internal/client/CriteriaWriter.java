package io.theia.core.internal.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.api.event.Timestamps;
import io.theia.api.store.EventQuery;
import io.theia.api.store.TextPattern;
import io.theia.core.internal.WireJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** Writes an {@link EventQuery} as the criteria JSON of {@code /find} or {@code /live}, exactly. Thread-safe. */
final class CriteriaWriter {

    private static final ObjectMapper JSON = WireJson.MAPPER;

    private CriteriaWriter() {
    }

    /** Criteria for {@code /find}: every criterion, the order and, when set, the limit. */
    static String find(EventQuery query) {
        ObjectNode criteria = common(query);
        criteria.put("order", query.order() == EventQuery.Order.ASC ? "asc" : "desc");
        if (query.limit() != Long.MAX_VALUE) {
            criteria.put("limit", query.limit());
        }
        return write(criteria);
    }

    /** Criteria for {@code /live}: the criteria without order and limit. */
    static String live(EventQuery query) {
        return write(common(query));
    }

    private static ObjectNode common(EventQuery query) {
        ObjectNode criteria = JSON.createObjectNode();
        query.start().ifPresent(start -> criteria.put("start", seconds(start)));
        query.end().ifPresent(end -> criteria.put("end", seconds(end)));
        if (!query.tags().isEmpty()) {
            ArrayNode tags = criteria.putArray("tags");
            query.tags().forEach(tags::add);
        }
        pattern(criteria, "content", query.content());
        pattern(criteria, "source", query.source());
        pattern(criteria, "id", query.id());
        return criteria;
    }

    private static BigDecimal seconds(Instant instant) {
        return new BigDecimal(Timestamps.format(instant));
    }

    private static void pattern(ObjectNode criteria, String key, Optional<TextPattern> pattern) {
        pattern.ifPresent(value -> criteria.put(key, value.pattern()));
    }

    private static String write(ObjectNode criteria) {
        try {
            return JSON.writeValueAsString(criteria);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write criteria", e);
        }
    }
}
