package io.theia.core.internal.server;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An upper bound of the size of the program RE2/J compiles a pattern to, read from the pattern's text alone: each
 * literal, class or escape counts one, a group counts its contents plus two, an alternation or {@code * + ?} one
 * more, and a counted repetition {@code {m,n}} copies what it repeats about {@code max(m, n)} times, nested
 * repetitions multiplying. Saturates instead of overflowing. Stateless; the text need not be a valid pattern (the
 * compiler judges that).
 */
final class ProgramSizeBound {

    private static final long SATURATED = Long.MAX_VALUE / 4;
    /** What every program has besides the pattern: the failure, the match and the capture of the whole match. */
    private static final long WHOLE_PATTERN = 3;

    private ProgramSizeBound() {
    }

    static long of(String pattern) {
        Deque<long[]> groups = new ArrayDeque<>();
        long[] frame = new long[2]; // {size so far, size of the last atom}
        int i = 0;
        int length = pattern.length();
        while (i < length) {
            char c = pattern.charAt(i);
            switch (c) {
                case '\\' -> {
                    i = skipEscape(pattern, i);
                    atom(frame, 1);
                }
                case '[' -> {
                    i = skipClass(pattern, i);
                    atom(frame, 1);
                }
                case '(' -> {
                    groups.push(frame);
                    frame = new long[2];
                    i++;
                }
                case ')' -> {
                    long inner = frame[0] + 2;
                    frame = groups.isEmpty() ? new long[2] : groups.pop();
                    atom(frame, inner);
                    i++;
                }
                case '|', '*', '+', '?' -> {
                    frame[0] = add(frame[0], 1);
                    i++;
                }
                case '{' -> {
                    int close = pattern.indexOf('}', i);
                    long count = close < 0 ? -1 : repeatCount(pattern.substring(i + 1, close));
                    if (count < 0) {
                        atom(frame, 1);
                        i++;
                    } else {
                        long repeated = multiply(frame[1], count);
                        frame[0] = add(add(frame[0] - frame[1], repeated), count);
                        frame[1] = repeated;
                        i = close + 1;
                    }
                }
                default -> {
                    atom(frame, 1);
                    i++;
                }
            }
        }
        long size = frame[0];
        while (!groups.isEmpty()) {
            long[] outer = groups.pop();
            size = add(outer[0], size + 2);
        }
        return add(size, WHOLE_PATTERN);
    }

    private static void atom(long[] frame, long size) {
        frame[0] = add(frame[0], size);
        frame[1] = size;
    }

    /** The copies a repetition {@code m}, {@code m,} or {@code m,n} makes, or -1 when it is not one (a literal). */
    private static long repeatCount(String body) {
        int comma = body.indexOf(',');
        String min = comma < 0 ? body : body.substring(0, comma);
        String max = comma < 0 ? "" : body.substring(comma + 1);
        if (!digits(min) || (!max.isEmpty() && !digits(max))) {
            return -1;
        }
        long low = parse(min);
        return max.isEmpty() ? low + 1 : Math.max(low, parse(max));
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long parse(String digits) {
        return Long.parseLong(digits);
    }

    private static int skipEscape(String pattern, int at) {
        int next = at + 2;
        if (next < pattern.length() && "xpP".indexOf(pattern.charAt(at + 1)) >= 0 && pattern.charAt(next) == '{') {
            int close = pattern.indexOf('}', next);
            return close < 0 ? pattern.length() : close + 1;
        }
        return Math.min(next, pattern.length());
    }

    private static int skipClass(String pattern, int at) {
        int i = at + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            if (pattern.charAt(i) == '\\') {
                i++;
            } else if (pattern.startsWith("[:", i)) {
                int close = pattern.indexOf(":]", i + 2);
                i = close < 0 ? i : close + 1;
            }
            i++;
        }
        return Math.min(i + 1, pattern.length());
    }

    private static long add(long a, long b) {
        return Math.min(SATURATED, a + b);
    }

    private static long multiply(long a, long b) {
        return a == 0 || b == 0 ? 0 : (a > SATURATED / b ? SATURATED : Math.min(SATURATED, a * b));
    }
}
