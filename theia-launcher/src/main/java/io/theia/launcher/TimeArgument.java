package io.theia.launcher;

import io.theia.api.event.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time for {@code query -a/-b}: seconds since the epoch ({@code 1509989630.5}, as the original
 * takes them); ISO-8601 ({@code 2017-11-06T17:33:50Z}); {@code 2017-11-06 17:33:50} and {@code 2017-11-06}
 * (midnight), in local time when no zone is given; {@code now}; or a time relative to now: {@code -15m},
 * {@code now-1h}, {@code now+30s}, with the units {@code ms s m h d w}, combinable ({@code -1h30m}).
 */
final class TimeArgument implements ITypeConverter<Instant> {

    private static final String DURATION = "(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|w))+";
    private static final Pattern RELATIVE = Pattern.compile("(?:now)?\\s*(?<sign>[-+])\\s*(?<amount>" + DURATION
            + ")");
    private static final Pattern DURATION_PATTERN = Pattern.compile(DURATION);
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)");
    private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    private static final DateTimeFormatter SPACED_OFFSET = new DateTimeFormatterBuilder().append(SPACED)
            .optionalStart().appendLiteral(' ').optionalEnd().appendOffset("+HH:MM", "Z").toFormatter();

    private final Clock clock;

    /** Reads times relative to the system clock, in the system's time zone. */
    TimeArgument() {
        this(Clock.systemDefaultZone());
    }

    TimeArgument(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("now")) {
            return clock.instant();
        }
        Matcher relative = RELATIVE.matcher(value.toLowerCase(Locale.ROOT));
        if (relative.matches()) {
            Duration amount = duration(relative.group("amount"));
            return relative.group("sign").equals("-") ? clock.instant().minus(amount) : clock.instant().plus(amount);
        }
        try {
            return Timestamps.parse(value);
        } catch (IllegalArgumentException notSeconds) {
            // one of the date forms, then
        }
        ZoneId zone = clock.getZone();
        for (DateTimeFormatter offset : new DateTimeFormatter[] {DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            SPACED_OFFSET}) {
            try {
                return OffsetDateTime.parse(value, offset).toInstant();
            } catch (DateTimeParseException tryNext) {
                // next form
            }
        }
        for (DateTimeFormatter local : new DateTimeFormatter[] {DateTimeFormatter.ISO_LOCAL_DATE_TIME, SPACED}) {
            try {
                return LocalDateTime.parse(value, local).atZone(zone).toInstant();
            } catch (DateTimeParseException tryNext) {
                // next form
            }
        }
        try {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADate) {
            throw new TypeConversionException("'" + text + "' is not a time: give seconds since the epoch, "
                    + "2017-11-06, '2017-11-06 17:33:50' (local time), 2017-11-06T17:33:50Z, now, or a time "
                    + "relative to now such as -15m or now-1h");
        }
    }

    /**
     * The instant a duration ago, for {@code --since 1h}; any time {@link #convert} reads is taken as it is.
     *
     * @throws TypeConversionException when the text is neither
     */
    Instant since(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (DURATION_PATTERN.matcher(value).matches()) {
            return clock.instant().minus(duration(value));
        }
        return convert(text);
    }

    /** {@code 1h30m} as a duration. */
    static Duration duration(String text) {
        Matcher part = PART.matcher(text);
        long nanos = 0;
        while (part.find()) {
            double amount = Double.parseDouble(part.group(1));
            long unit = switch (part.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> 604_800_000_000_000L;
            };
            nanos = Math.addExact(nanos, (long) (amount * unit));
        }
        return Duration.ofNanos(nanos);
    }

    /** {@code --since}'s converter: a duration ago, or any time {@code -a} takes. */
    static final class Since implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return new TimeArgument().since(value);
        }
    }
}
