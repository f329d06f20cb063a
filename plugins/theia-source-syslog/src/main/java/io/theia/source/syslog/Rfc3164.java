package io.theia.source.syslog;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 3164 (BSD syslog) after the PRI: {@code TIMESTAMP HOSTNAME TAG[PID]: MSG}, as senders really write it.
 *
 * <ul>
 *   <li>The timestamp {@code Mmm dd hh:mm:ss} has no year and no zone: it is read in the receiver's zone, in the
 *       year that puts it closest to the time it arrived (so a {@code Dec 31 23:59:59} arriving on 1 January
 *       belongs to the year before). Senders that write an RFC 3339 timestamp instead are understood too.</li>
 *   <li>Without a timestamp the rest is the message text, as RFC 3164 says a relay must treat it.</li>
 *   <li>The hostname may be missing (messages from a local socket): a word ending in {@code :} or holding a
 *       {@code [} right after the timestamp is taken as the tag.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class Rfc3164 {

    private static final Pattern BSD_TIMESTAMP = Pattern.compile(
            "^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ 0-3]?\\d) (\\d\\d):(\\d\\d):(\\d\\d) ");
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec");
    private static final int MAX_TAG_LENGTH = 48;

    private Rfc3164() {
    }

    static SyslogMessage parse(int facility, int severity, String rest, ZonedDateTime receivedAt) {
        Instant timestamp = null;
        boolean dated = false;
        String afterTimestamp = rest;
        Matcher bsd = BSD_TIMESTAMP.matcher(rest);
        if (bsd.find()) {
            dated = true;
            timestamp = closestYear(bsd, receivedAt);
            afterTimestamp = rest.substring(bsd.end());
        } else {
            int space = rest.indexOf(' ');
            if (space > 0 && Character.isDigit(rest.charAt(0))) {
                try {
                    timestamp = OffsetDateTime.parse(rest.substring(0, space), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant();
                    dated = true;
                    afterTimestamp = rest.substring(space + 1);
                } catch (DateTimeException e) {
                    // not a timestamp: the whole rest is the message text
                }
            }
        }
        if (!dated) {
            return new SyslogMessage(facility, severity, null, null, null, null, null, List.of(), rest, true);
        }
        String hostname = null;
        String text = afterTimestamp;
        int space = text.indexOf(' ');
        String firstWord = space < 0 ? text : text.substring(0, space);
        if (!firstWord.isEmpty() && !firstWord.endsWith(":") && !firstWord.contains("[")) {
            hostname = firstWord;
            text = space < 0 ? "" : text.substring(space + 1);
        }
        return tagged(facility, severity, timestamp, hostname, text);
    }

    /** Splits {@code TAG[PID]: MSG}; text without a tag is all message. */
    private static SyslogMessage tagged(int facility, int severity, Instant timestamp, String hostname,
            String text) {
        int end = 0;
        while (end < text.length() && end <= MAX_TAG_LENGTH) {
            char c = text.charAt(end);
            if (c == ':' || c == '[' || c == ' ') {
                break;
            }
            end++;
        }
        String appName = null;
        String procId = null;
        String content = text;
        if (end > 0 && end < text.length() && text.charAt(end) != ' ') {
            int colon = end;
            String pid = null;
            if (text.charAt(end) == '[') {
                int closing = text.indexOf(']', end);
                if (closing > 0 && closing + 1 < text.length() && text.charAt(closing + 1) == ':') {
                    pid = text.substring(end + 1, closing);
                    colon = closing + 1;
                } else {
                    colon = -1;
                }
            }
            if (colon > 0 && text.charAt(colon) == ':') {
                appName = text.substring(0, end);
                procId = pid == null || pid.isEmpty() ? null : pid;
                content = text.substring(colon + 1);
                if (content.startsWith(" ")) {
                    content = content.substring(1);
                }
            }
        }
        return new SyslogMessage(facility, severity, timestamp, hostname, appName, procId, null, List.of(), content,
                true);
    }

    /** The timestamp in the year (of the one before, the same and the one after) closest to the arrival. */
    private static Instant closestYear(Matcher bsd, ZonedDateTime receivedAt) {
        int month = MONTHS.indexOf(bsd.group(1)) + 1;
        int day = Integer.parseInt(bsd.group(2).strip());
        int hour = Integer.parseInt(bsd.group(3));
        int minute = Integer.parseInt(bsd.group(4));
        int second = Integer.parseInt(bsd.group(5));
        Instant best = null;
        Duration bestDistance = null;
        for (int year = receivedAt.getYear() - 1; year <= receivedAt.getYear() + 1; year++) {
            Instant candidate;
            try {
                candidate = LocalDateTime.of(year, month, day, hour, minute, second).atZone(receivedAt.getZone())
                        .toInstant();
            } catch (DateTimeException e) {
                continue; // 29 February in a year that has none, 31 April, hour 25
            }
            Duration distance = Duration.between(candidate, receivedAt.toInstant()).abs();
            if (bestDistance == null || distance.compareTo(bestDistance) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }
}
