package io.theia.core.internal.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.theia.api.store.EventQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the criteria JSON object that opens a {@code /find} or {@code /live} stream ({@code docs/protocol.md}) into
 * an {@link EventQuery}.
 *
 * <p>Keys, all optional: {@code start}, {@code end} (seconds since the epoch, integer or fraction, read exactly as
 * decimals and never through {@code double}; a bound finer than a nanosecond is rounded inwards, which keeps the
 * inclusive comparison exact), {@code tags} (list of strings, all required), {@code content}, {@code source},
 * {@code id} (RE2 patterns), {@code order} ({@code asc} or {@code desc}; accepted and ignored by {@code /live}) and,
 * as a theia-for-the-JVM extension of {@code /find} only, {@code limit} (a positive whole number); as an
 * extension of both, {@code partial} (true or false: whether a store answering for several collectors may leave out
 * those it cannot reach, with a notice, {@link EventQuery#partial()}). A key whose
 * value is {@code null} counts as absent, as Python clients send {@code None}.
 *
 * <p>Anything else (bad JSON, not an object, an unknown or repeated key, a value of the wrong type, a pattern RE2
 * rejects, a bad order, start after end) is a {@link CriteriaException} whose message names the key. Stateless and
 * thread-safe.
 */
public final class CriteriaParser {

    /** Which endpoint the criteria are for; they differ in the keys they accept. */
    public enum Endpoint {
        /** {@code /find}: every key, including {@code order}, {@code limit} and {@code partial}. */
        FIND(Set.of("start", "end", "tags", "content", "source", "id", "order", "limit", "partial")),
        /**
         * {@code /live}: no {@code limit}; {@code order} is accepted for the original's clients but ignored;
         * {@code partial} as for {@code /find}.
         */
        LIVE(Set.of("start", "end", "tags", "content", "source", "id", "order", "partial")),
        /**
         * The console's histogram: the criteria of {@code /live}, without {@code partial} (a count has no way to
         * tell which peers are missing, so it is never partial).
         */
        HISTOGRAM(Set.of("start", "end", "tags", "content", "source", "id", "order"));

        private final Set<String> keys;

        Endpoint(Set<String> keys) {
            this.keys = keys;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());
    private static final int MAX_SECONDS_DIGITS = String.valueOf(Instant.MAX.getEpochSecond()).length();
    private static final int QUOTED_CHARACTERS = 40;

    private CriteriaParser() {
    }

    /**
     * Parses criteria.
     *
     * @param json the first message of the stream
     * @param endpoint which endpoint they are for
     * @throws CriteriaException naming the key and the problem
     */
    public static EventQuery parse(String json, Endpoint endpoint) {
        return parse(json, endpoint, PatternLimits.DEFAULTS);
    }

    /**
     * Parses criteria, refusing patterns beyond the limits before they are compiled.
     *
     * @param json the first message of the stream
     * @param endpoint which endpoint they are for
     * @param limits how long and how large a pattern may be
     * @throws CriteriaException naming the key and the problem
     */
    public static EventQuery parse(String json, Endpoint endpoint, PatternLimits limits) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CriteriaException("criteria are not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset()), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new CriteriaException("criteria must be a JSON object such as {\"tags\": [\"web\"]}, not "
                    + (root == null || root.isMissingNode() ? "nothing" : describe(root)));
        }
        EventQuery.Builder query = EventQuery.builder();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (!endpoint.keys.contains(key)) {
                throw new CriteriaException("unknown key '" + key + "' in criteria; allowed keys: "
                        + String.join(", ", new TreeSet<>(endpoint.keys)));
            }
            if (value.isNull()) {
                continue;
            }
            apply(query, key, value, endpoint, limits);
        }
        EventQuery built;
        try {
            built = query.build();
        } catch (IllegalArgumentException e) {
            throw new CriteriaException("invalid criteria: " + e.getMessage(), e);
        }
        built.content().ifPresent(pattern -> limits.checkCompiled("content", pattern.programSize()));
        built.source().ifPresent(pattern -> limits.checkCompiled("source", pattern.programSize()));
        built.id().ifPresent(pattern -> limits.checkCompiled("id", pattern.programSize()));
        return built;
    }

    private static void apply(EventQuery.Builder query, String key, JsonNode value, Endpoint endpoint,
            PatternLimits limits) {
        switch (key) {
            case "start" -> query.start(seconds(key, value, RoundingMode.CEILING));
            case "end" -> query.end(seconds(key, value, RoundingMode.FLOOR));
            case "tags" -> query.tags(tags(value));
            case "content" -> pattern(key, value, limits, query::content);
            case "source" -> pattern(key, value, limits, query::source);
            case "id" -> pattern(key, value, limits, query::id);
            case "order" -> {
                EventQuery.Order order = order(value);
                if (endpoint == Endpoint.FIND) {
                    query.order(order);
                }
            }
            case "limit" -> query.limit(limit(value));
            case "partial" -> query.partial(flag(key, value));
            default -> throw new IllegalStateException("no rule for key " + key);
        }
    }

    private static Instant seconds(String key, JsonNode value, RoundingMode inwards) {
        if (!value.isNumber()) {
            throw new CriteriaException("'" + key + "' must be a number of seconds since the epoch, not "
                    + describe(value));
        }
        BigDecimal seconds = value.decimalValue();
        // Only the precision and scale are looked at before the range is known to be sane: a 20-byte number such
        // as 1e-100000000 has a scale whose rounding alone would pin a thread for minutes.
        if (seconds.signum() < 0) {
            throw new CriteriaException("'" + key + "' must not be negative, not " + quote(value));
        }
        if (seconds.precision() - seconds.scale() > MAX_SECONDS_DIGITS || seconds.compareTo(MAX_SECONDS) > 0) {
            throw new CriteriaException("'" + key + "' is too large: " + quote(value));
        }
        if (seconds.scale() - seconds.precision() >= 9) {
            // Every significant digit lies below a nanosecond: inwards is the epoch itself or one nanosecond after.
            boolean up = inwards == RoundingMode.CEILING && seconds.signum() > 0;
            return Instant.ofEpochSecond(0, up ? 1 : 0);
        }
        BigDecimal nanosExact = seconds.setScale(9, inwards);
        long whole = nanosExact.longValue();
        long nanos = nanosExact.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValueExact();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static List<String> tags(JsonNode value) {
        if (!value.isArray()) {
            throw new CriteriaException("'tags' must be a list of strings, not " + describe(value));
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            if (!tag.isTextual()) {
                throw new CriteriaException("'tags' must be a list of strings, but holds " + describe(tag));
            }
            tags.add(tag.textValue());
        }
        return tags;
    }

    private static void pattern(String key, JsonNode value, PatternLimits limits, Consumer<String> setter) {
        if (!value.isTextual()) {
            throw new CriteriaException("'" + key + "' must be a regular expression (a string), not "
                    + describe(value));
        }
        limits.check(key, value.textValue());
        try {
            setter.accept(value.textValue());
        } catch (IllegalArgumentException e) {
            throw new CriteriaException(e.getMessage(), e);
        }
    }

    private static EventQuery.Order order(JsonNode value) {
        if (!value.isTextual()) {
            throw new CriteriaException("'order' must be \"asc\" or \"desc\", not " + describe(value));
        }
        try {
            return EventQuery.Order.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            throw new CriteriaException(e.getMessage(), e);
        }
    }

    private static long limit(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw new CriteriaException("'limit' must be a positive whole number, not " + describe(value));
        }
        return value.longValue();
    }

    private static boolean flag(String key, JsonNode value) {
        if (!value.isBoolean()) {
            throw new CriteriaException("'" + key + "' must be true or false, not " + describe(value));
        }
        return value.booleanValue();
    }

    private static String describe(JsonNode value) {
        String kind = switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
        return kind + " (" + quote(value) + ")";
    }

    /** The value as JSON, cut to a few dozen characters: error replies never echo a client's input at length. */
    private static String quote(JsonNode value) {
        String text = value.toString();
        return text.length() > QUOTED_CHARACTERS ? text.substring(0, QUOTED_CHARACTERS) + "…" : text;
    }
}
