package io.theia.source.syslog;

import io.theia.api.event.Event;
import io.theia.source.syslog.SyslogMessage.SdParam;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns received frames into events. What an event holds:
 * <ul>
 *   <li>{@code timestamp}: the message's, or the time it arrived when it has none that parses;</li>
 *   <li>{@code source}: {@code syslog://<hostname>/<app-name>}; the sender's address stands in for a missing
 *       hostname, and the app name is left empty when missing;</li>
 *   <li>{@code tags}: facility, severity, hostname, app name (each when present; ',' and line breaks replaced by
 *       '_'), then the configured tags, then {@value #UNPARSED_TAG} and {@value #TRUNCATED_TAG} when they apply;</li>
 *   <li>{@code content}: the message text; the whole raw text when the message did not parse;</li>
 *   <li>headers: {@code syslog.procid}, {@code syslog.msgid}, and each structured-data parameter as
 *       {@code sd.<SD-ID>.<PARAM-NAME>} (a repeated one as {@code ….2}, {@code ….3}), with ':' in names replaced
 *       by '_' and, in values, {@code \} written {@code \\}, line feed {@code \n} and carriage return
 *       {@code \r}, since header values are single lines.</li>
 * </ul>
 * Thread-safe.
 */
final class SyslogEvents {

    /** The tag of a message that followed neither RFC 5424 nor RFC 3164. */
    static final String UNPARSED_TAG = "unparsed";
    /** The tag of a message cut at {@code maxMessageBytes}. */
    static final String TRUNCATED_TAG = "truncated";

    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");
    private static final List<String> SEVERITIES = List.of("emerg", "alert", "crit", "err", "warning", "notice",
            "info", "debug");

    private final Clock clock;
    private final List<String> configuredTags;

    SyslogEvents(Clock clock, List<String> configuredTags) {
        this.clock = clock;
        this.configuredTags = List.copyOf(configuredTags);
    }

    /** The facility's keyword, e.g. {@code local0}. */
    static String facilityName(int facility) {
        return FACILITIES.get(facility);
    }

    /** The severity's keyword, e.g. {@code err}. */
    static String severityName(int severity) {
        return SEVERITIES.get(severity);
    }

    /**
     * The event for one frame.
     *
     * @param frame the message bytes, already cut at {@code maxMessageBytes}
     * @param truncated whether the message was cut
     * @param peer the sender's address, standing in for a missing hostname
     */
    Event toEvent(byte[] frame, int length, boolean truncated, String peer) {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int end = truncated ? characterBoundary(frame, length) : length;
        String raw = trimLineEnd(new String(frame, 0, end, StandardCharsets.UTF_8));
        try {
            return toEvent(SyslogParser.parse(raw, received.atZone(clock.getZone())), raw, received, truncated,
                    peer);
        } catch (RuntimeException e) {
            // Whatever slipped past the parser and the sanitising, the message is kept, whole, as unparsed.
            return toEvent(SyslogMessage.unparsed(raw), raw, received, truncated, peer);
        }
    }

    private Event toEvent(SyslogMessage message, String raw, Instant received, boolean truncated, String peer) {
        Instant timestamp = message.timestamp() == null || message.timestamp().getEpochSecond() < 0 ? received
                : message.timestamp().truncatedTo(ChronoUnit.MICROS);
        String host = message.hostname() != null ? message.hostname() : peer;
        Set<String> tags = new LinkedHashSet<>();
        if (message.parsed()) {
            tags.add(facilityName(message.facility()));
            tags.add(severityName(message.severity()));
        }
        addTag(tags, host);
        addTag(tags, message.appName());
        tags.addAll(configuredTags);
        if (!message.parsed()) {
            tags.add(UNPARSED_TAG);
        }
        if (truncated) {
            tags.add(TRUNCATED_TAG);
        }
        String source = "syslog://" + singleLine(host) + "/"
                + (message.appName() == null ? "" : singleLine(message.appName()));
        return new Event(UUID.randomUUID().toString(), timestamp, source, List.copyOf(tags), message.content(),
                headers(message));
    }

    private static Map<String, String> headers(SyslogMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (message.procId() != null) {
            headers.put("syslog.procid", escape(message.procId()));
        }
        if (message.msgId() != null) {
            headers.put("syslog.msgid", escape(message.msgId()));
        }
        for (SdParam param : message.structuredData()) {
            String name = "sd." + headerName(param.id()) + "." + headerName(param.name());
            String unique = name;
            for (int repeat = 2; headers.containsKey(unique); repeat++) {
                unique = name + "." + repeat;
            }
            headers.put(unique, escape(param.value()));
        }
        return headers;
    }

    private static void addTag(Set<String> tags, String value) {
        if (value != null && !value.isEmpty() && !value.equals("-")) {
            tags.add(value.replace(',', '_').replace('\n', '_').replace('\r', '_'));
        }
    }

    private static String headerName(String name) {
        return name.replace(':', '_').replace('\n', '_').replace('\r', '_');
    }

    private static String singleLine(String text) {
        return text.replace('\n', '_').replace('\r', '_');
    }

    /** Header values are single lines: escape the backslash, then line breaks, so that the value can be restored. */
    static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Where to end a cut message so that its last UTF-8 character is whole: before an incomplete one. */
    static int characterBoundary(byte[] frame, int length) {
        int lead = length - 1;
        while (lead >= 0 && lead > length - 4 && (frame[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int first = frame[lead] & 0xFF;
        int needed = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        return length - lead < needed ? lead : length;
    }

    /** Drops the line break (and NULs some senders add) that end a message; inner ones are the sender's. */
    private static String trimLineEnd(String text) {
        int end = text.length();
        while (end > 0) {
            char c = text.charAt(end - 1);
            if (c != '\n' && c != '\r' && c != '\0') {
                break;
            }
            end--;
        }
        return text.substring(0, end);
    }
}
