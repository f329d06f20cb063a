package io.theia.source.syslog;

import io.theia.source.syslog.SyslogMessage.SdParam;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text of one syslog message: RFC 5424 when a version {@code 1} follows the PRI, RFC 3164 (BSD)
 * otherwise. A message without a valid PRI ({@code <0>} to {@code <191>}) or a malformed RFC 5424 header or
 * structured data does not parse and is kept whole. Never throws for any input. Stateless and thread-safe.
 */
final class SyslogParser {

    private static final int MAX_PRI = 191;

    private SyslogParser() {
    }

    /**
     * Parses a message.
     *
     * @param raw the message text, without framing and trailing line break
     * @param receivedAt when it arrived, in the zone that RFC 3164 timestamps (which carry no zone or year) are read in
     */
    static SyslogMessage parse(String raw, ZonedDateTime receivedAt) {
        try {
            return parseOrNull(raw, receivedAt);
        } catch (RuntimeException e) {
            // A parser bug must cost one message its fields, never the listener.
            return SyslogMessage.unparsed(raw);
        }
    }

    private static SyslogMessage parseOrNull(String raw, ZonedDateTime receivedAt) {
        if (!raw.startsWith("<")) {
            return SyslogMessage.unparsed(raw);
        }
        int close = raw.indexOf('>');
        if (close < 2 || close > 4) {
            return SyslogMessage.unparsed(raw);
        }
        int pri = 0;
        for (int i = 1; i < close; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return SyslogMessage.unparsed(raw);
            }
            pri = pri * 10 + (c - '0');
        }
        if (pri > MAX_PRI) {
            return SyslogMessage.unparsed(raw);
        }
        String rest = raw.substring(close + 1);
        if (rest.startsWith("1 ")) {
            SyslogMessage message = Rfc5424.parse(pri >> 3, pri & 7, new Cursor(rest, 2));
            return message == null ? SyslogMessage.unparsed(raw) : message;
        }
        return Rfc3164.parse(pri >> 3, pri & 7, rest, receivedAt);
    }

    /** A position in the text being parsed. */
    static final class Cursor {
        final String text;
        int at;

        Cursor(String text, int at) {
            this.text = text;
            this.at = at;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        /** The text up to the next space (consumed), or null when no space follows. */
        String field() {
            int space = text.indexOf(' ', at);
            if (space < 0 || space == at) {
                return null;
            }
            String field = text.substring(at, space);
            at = space + 1;
            return field;
        }

        String rest() {
            return text.substring(Math.min(at, text.length()));
        }
    }

    /** RFC 5424: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [SP MSG]}. */
    private static final class Rfc5424 {

        private static final String BOM = "\uFEFF";

        static SyslogMessage parse(int facility, int severity, Cursor cursor) {
            String timestamp = cursor.field();
            String hostname = cursor.field();
            String appName = cursor.field();
            String procId = cursor.field();
            String msgId = cursor.field();
            if (msgId == null || cursor.atEnd()) {
                return null;
            }
            List<SdParam> structuredData = new ArrayList<>();
            if (cursor.peek() == '-') {
                cursor.at++;
            } else if (!structuredData(cursor, structuredData)) {
                return null;
            }
            String content;
            if (cursor.atEnd()) {
                content = "";
            } else if (cursor.peek() == ' ') {
                content = cursor.text.substring(cursor.at + 1);
            } else {
                return null;
            }
            if (content.startsWith(BOM)) {
                content = content.substring(BOM.length());
            }
            return new SyslogMessage(facility, severity, timestamp(timestamp), nil(hostname), nil(appName),
                    nil(procId), nil(msgId), structuredData, content, true);
        }

        /** Reads one or more SD-ELEMENTs; false when they are malformed. */
        private static boolean structuredData(Cursor cursor, List<SdParam> params) {
            String text = cursor.text;
            if (cursor.atEnd() || cursor.peek() != '[') {
                return false;
            }
            while (!cursor.atEnd() && cursor.peek() == '[') {
                cursor.at++;
                int idEnd = nameEnd(text, cursor.at);
                if (idEnd == cursor.at || idEnd >= text.length()) {
                    return false;
                }
                String id = text.substring(cursor.at, idEnd);
                cursor.at = idEnd;
                while (text.charAt(cursor.at) == ' ') {
                    cursor.at++;
                    int nameEnd = nameEnd(text, cursor.at);
                    if (nameEnd == cursor.at || nameEnd + 1 >= text.length() || text.charAt(nameEnd) != '='
                            || text.charAt(nameEnd + 1) != '"') {
                        return false;
                    }
                    String name = text.substring(cursor.at, nameEnd);
                    cursor.at = nameEnd + 2;
                    String value = quotedValue(cursor);
                    if (value == null || cursor.atEnd()) {
                        return false;
                    }
                    params.add(new SdParam(id, name, value));
                }
                if (text.charAt(cursor.at) != ']') {
                    return false;
                }
                cursor.at++;
            }
            return true;
        }

        /** Where an SD-NAME starting at {@code from} ends: at a space, '=', ']' or '"', or the end. */
        private static int nameEnd(String text, int from) {
            int at = from;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == ' ' || c == '=' || c == ']' || c == '"') {
                    break;
                }
                at++;
            }
            return at;
        }

        /** Reads a PARAM-VALUE after its opening quote, unescaping \" \\ \]; null when it never closes. */
        private static String quotedValue(Cursor cursor) {
            String text = cursor.text;
            StringBuilder value = new StringBuilder();
            while (cursor.at < text.length()) {
                char c = text.charAt(cursor.at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && cursor.at < text.length()) {
                    char next = text.charAt(cursor.at);
                    if (next == '"' || next == '\\' || next == ']') {
                        value.append(next);
                        cursor.at++;
                        continue;
                    }
                }
                value.append(c);
            }
            return null;
        }

        private static Instant timestamp(String field) {
            if (field.equals("-")) {
                return null;
            }
            try {
                return OffsetDateTime.parse(field, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeException e) {
                return null;
            }
        }

        private static String nil(String field) {
            return field.equals("-") ? null : field;
        }
    }
}
