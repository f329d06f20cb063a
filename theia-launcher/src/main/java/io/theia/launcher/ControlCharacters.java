package io.theia.launcher;

/**
 * Makes event text safe to print on a terminal: content could otherwise forge output lines (newlines) or drive the
 * terminal (ESC sequences, BEL). Stateless.
 */
final class ControlCharacters {

    private ControlCharacters() {
    }

    /**
     * The text with every control character but tab shown as a visible escape: {@code \n}, {@code \r}, {@code \e}
     * for ESC, {@code \xHH} for the others of C0 (U+0000 to U+001F), DEL and C1 (U+0080 to U+009F). A backslash
     * is left as it is, so the escapes are for reading, not for decoding: {@code --json} output is exact.
     */
    static String escape(String text) {
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                escaped.append(c);
            } else if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\r') {
                escaped.append("\\r");
            } else if (c == '\u001b') {
                escaped.append("\\e");
            } else {
                escaped.append(String.format("\\x%02x", (int) c));
            }
        }
        return escaped.toString();
    }

    /** The text without the line ends ({@code \n}, {@code \r\n}, {@code \r}) it ends with. */
    static String withoutTrailingLineEnds(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f;
    }
}
