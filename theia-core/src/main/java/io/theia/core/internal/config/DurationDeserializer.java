package io.theia.core.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads durations as people write them: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 2h}, {@code 7d}, ISO-8601, or seconds. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    private static final long serialVersionUID = 1L;

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_NUMBER_INT) || parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
            return ofSeconds(parser.getDecimalValue());
        }
        String text = parser.getValueAsString();
        if (text == null) {
            return (Duration) context.handleUnexpectedToken(Duration.class, parser);
        }
        try {
            return parse(text.trim());
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            return (Duration) context.handleWeirdStringValue(Duration.class, text,
                    "not a duration (write e.g. 500ms, 1s, 5m, 2h, 7d or PT1S)");
        }
    }

    static Duration parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) {
            return Duration.parse(text);
        }
        int unitStart = 0;
        while (unitStart < lower.length() && (Character.isDigit(lower.charAt(unitStart)) || lower.charAt(unitStart) == '.')) {
            unitStart++;
        }
        BigDecimal amount = new BigDecimal(lower.substring(0, unitStart));
        BigDecimal nanos = switch (lower.substring(unitStart).trim()) {
            case "", "s" -> amount.scaleByPowerOfTen(9);
            case "ms" -> amount.scaleByPowerOfTen(6);
            case "m", "min" -> amount.multiply(BigDecimal.valueOf(60_000_000_000L));
            case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000_000_000L));
            case "d" -> amount.multiply(BigDecimal.valueOf(86_400_000_000_000L));
            default -> throw new IllegalArgumentException("unknown unit in '" + text + "'");
        };
        return Duration.ofNanos(nanos.longValueExact());
    }

    private static Duration ofSeconds(BigDecimal seconds) {
        return Duration.ofNanos(seconds.scaleByPowerOfTen(9).longValueExact());
    }
}
