package io.theia.api.event;

import java.time.Instant;

/**
 * The theia text form of a timestamp: seconds since the epoch with a decimal fraction, e.g.
 * {@code 1509989630.6749051}.
 *
 * <p>Conversions are exact: the decimal text is parsed digit by digit, never through {@code double}. Stateless
 * and thread-safe.
 */
public final class Timestamps {

    /** The latest timestamp an event may have: the end of the year 9999, the last the original's clients show. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final int NANOS_PER_SECOND = 1_000_000_000;

    private Timestamps() {
    }

    /**
     * Writes a timestamp as the original theia did ({@code %.7f}: seven fraction digits). A timestamp finer than
     * 100 ns is written with all nine digits instead, so that nothing is ever rounded away.
     *
     * @throws IllegalArgumentException when the timestamp is before the epoch, which no event's timestamp is
     */
    public static String format(Instant timestamp) {
        if (timestamp.getEpochSecond() < 0) {
            // Seconds and fraction would have opposite signs: -0.5 s would come out as "-1.5000000".
            throw new IllegalArgumentException("timestamp " + timestamp + " is before the epoch");
        }
        StringBuilder out = new StringBuilder(20);
        int nanos = timestamp.getNano();
        boolean fine = nanos % 100 != 0;
        int fraction = fine ? nanos : nanos / 100;
        int digits = fine ? 9 : 7;
        out.append(timestamp.getEpochSecond()).append('.');
        String fractionText = Integer.toString(fraction);
        for (int pad = digits - fractionText.length(); pad > 0; pad--) {
            out.append('0');
        }
        out.append(fractionText);
        return out.toString();
    }

    /**
     * Parses seconds since the epoch with an optional fraction of up to nine digits ({@code 12}, {@code 12.},
     * {@code 12.5}, {@code 12.000000001}), exactly.
     *
     * @throws IllegalArgumentException naming the text when it is not such a number
     */
    public static Instant parse(CharSequence text) {
        int length = text.length();
        long seconds = 0;
        int i = 0;
        while (i < length && isDigit(text.charAt(i))) {
            if (i >= 18) {
                throw new IllegalArgumentException("timestamp '" + text + "' is after the year 9999");
            }
            seconds = seconds * 10 + (text.charAt(i) - '0');
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("timestamp '" + text + "' is not a number of seconds");
        }
        int nanos = 0;
        if (i < length) {
            if (text.charAt(i) != '.') {
                throw new IllegalArgumentException("timestamp '" + text + "' is not a number of seconds");
            }
            int scale = NANOS_PER_SECOND;
            for (i++; i < length; i++) {
                char c = text.charAt(i);
                if (!isDigit(c)) {
                    throw new IllegalArgumentException("timestamp '" + text + "' is not a number of seconds");
                }
                scale /= 10;
                if (scale == 0) {
                    throw new IllegalArgumentException(
                            "timestamp '" + text + "' has more than 9 fraction digits");
                }
                nanos += (c - '0') * scale;
            }
        }
        if (seconds > LATEST.getEpochSecond()) {
            throw new IllegalArgumentException("timestamp '" + text + "' is after the year 9999");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
