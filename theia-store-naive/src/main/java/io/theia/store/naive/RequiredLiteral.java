package io.theia.store.naive;

import java.nio.charset.StandardCharsets;

/**
 * Finds a literal that every match of a regular expression must contain, so that content without it can be
 * skipped with a byte search before RE2/J runs.
 *
 * <p>Conservative by construction: it looks only at the top level of the pattern (never inside groups or
 * classes), gives up on alternation, flags, {@code \Q}, and escapes it does not know, and drops any character
 * that a quantifier makes optional. What it returns is a run of consecutive literal characters of the top-level
 * concatenation, which every match contains; when unsure it returns {@code null} (no prefilter). Stateless.
 */
final class RequiredLiteral {

    private static final String SIMPLE_ESCAPES = "dDwWsSbBAz";

    private RequiredLiteral() {
    }

    /** The longest required literal of a pattern as UTF-8 bytes, or {@code null} when none is certain. */
    static byte[] of(String regex) {
        StringBuilder best = new StringBuilder();
        StringBuilder run = new StringBuilder();
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            int tokenEnd;
            String literal = null;
            switch (c) {
                case '|':
                    return null;
                case '(':
                    if (i + 1 < n && regex.charAt(i + 1) == '?') {
                        return null;
                    }
                    tokenEnd = skipGroup(regex, i);
                    break;
                case '[':
                    tokenEnd = skipClass(regex, i);
                    break;
                case ')':
                case ']':
                case '{':
                case '}':
                    return null;
                case '.':
                case '^':
                case '$':
                case '*':
                case '+':
                case '?':
                    tokenEnd = i + 1;
                    break;
                case '\\':
                    if (i + 1 >= n) {
                        return null;
                    }
                    char escaped = regex.charAt(i + 1);
                    if (SIMPLE_ESCAPES.indexOf(escaped) >= 0) {
                        tokenEnd = i + 2;
                    } else if (Character.isLetterOrDigit(escaped) || Character.isSurrogate(escaped)) {
                        return null;
                    } else {
                        literal = String.valueOf(escaped);
                        tokenEnd = i + 2;
                    }
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < n) {
                        literal = regex.substring(i, i + 2);
                        tokenEnd = i + 2;
                    } else {
                        literal = String.valueOf(c);
                        tokenEnd = i + 1;
                    }
            }
            if (tokenEnd < 0) {
                return null;
            }
            char next = tokenEnd < n ? regex.charAt(tokenEnd) : 0;
            boolean optional = next == '*' || next == '?' || next == '{';
            if (literal != null && !optional) {
                run.append(literal);
            }
            if (literal == null || optional || next == '+') {
                keepLonger(best, run);
                run.setLength(0);
            }
            if (next == '{') {
                int close = regex.indexOf('}', tokenEnd);
                tokenEnd = close < 0 ? -1 : close + 1;
                if (tokenEnd < 0) {
                    return null;
                }
            }
            i = tokenEnd;
        }
        keepLonger(best, run);
        return best.length() == 0 ? null : best.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void keepLonger(StringBuilder best, StringBuilder run) {
        if (run.length() > best.length()) {
            best.setLength(0);
            best.append(run);
        }
    }

    /** Index just past the group opened at {@code open}, or -1 when the pattern is not one this code follows. */
    private static int skipGroup(String regex, int open) {
        int depth = 0;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = skipClass(regex, i) - 1;
                if (i < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /** Index just past the class opened at {@code open}, or -1 when it holds a nested bracket or never closes. */
    private static int skipClass(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                return -1;
            } else if (c == ']') {
                return i + 1;
            }
        }
        return -1;
    }
}
