package io.theia.launcher;

import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Date formats for {@code -T}: the original's strftime-style patterns ({@code %Y-%m-%d %H:%M:%S.%f%Z}) or, when
 * the pattern has no {@code %}, a {@link DateTimeFormatter} pattern.
 */
final class DateFormats {

    /** The original's default. */
    static final String DEFAULT = "%Y-%m-%d %H:%M:%S.%f%Z";

    private static final Map<Character, String> STRFTIME = Map.ofEntries(
            Map.entry('Y', "yyyy"), Map.entry('y', "yy"), Map.entry('m', "MM"), Map.entry('d', "dd"),
            Map.entry('H', "HH"), Map.entry('I', "hh"), Map.entry('M', "mm"), Map.entry('S', "ss"),
            Map.entry('f', "SSSSSS"), Map.entry('p', "a"), Map.entry('Z', "z"), Map.entry('z', "xx"),
            Map.entry('j', "DDD"), Map.entry('a', "EEE"), Map.entry('A', "EEEE"), Map.entry('b', "MMM"),
            Map.entry('B', "MMMM"));

    private DateFormats() {
    }

    /**
     * The formatter for a pattern.
     *
     * @throws IllegalArgumentException naming the pattern when it has an unknown directive or is invalid
     */
    static DateTimeFormatter parse(String pattern) {
        if (pattern.indexOf('%') < 0) {
            return DateTimeFormatter.ofPattern(pattern);
        }
        StringBuilder java = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 == pattern.length()) {
                throw new IllegalArgumentException("date format '" + pattern + "' ends with a lone '%'");
            }
            char directive = pattern.charAt(++i);
            if (directive == '%') {
                literal.append('%');
                continue;
            }
            String replacement = STRFTIME.get(directive);
            if (replacement == null) {
                throw new IllegalArgumentException("date format '" + pattern + "' has the unknown directive %"
                        + directive);
            }
            appendLiteral(java, literal);
            java.append(replacement);
        }
        appendLiteral(java, literal);
        return DateTimeFormatter.ofPattern(java.toString());
    }

    private static void appendLiteral(StringBuilder java, StringBuilder literal) {
        if (literal.length() > 0) {
            java.append('\'').append(literal.toString().replace("'", "''")).append('\'');
            literal.setLength(0);
        }
    }
}
