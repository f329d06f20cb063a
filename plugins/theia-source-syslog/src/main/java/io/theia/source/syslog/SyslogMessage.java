package io.theia.source.syslog;

import java.time.Instant;
import java.util.List;

/**
 * What the parser made of one message. Immutable.
 *
 * @param facility the facility code 0–23, or -1 when the message did not parse
 * @param severity the severity code 0–7, or -1 when the message did not parse
 * @param timestamp when the message says it happened, or null when it says nothing usable
 * @param hostname the HOSTNAME field, or null when absent or nil ({@code -})
 * @param appName the APP-NAME (RFC 5424) or TAG (RFC 3164), or null when absent or nil
 * @param procId the PROCID, or null when absent or nil
 * @param msgId the MSGID (RFC 5424 only), or null when absent or nil
 * @param structuredData the RFC 5424 structured data, in order; empty when none
 * @param content the message text, or for a message that did not parse the whole raw text
 * @param parsed whether the message followed RFC 5424 or RFC 3164
 */
record SyslogMessage(int facility, int severity, Instant timestamp, String hostname, String appName, String procId,
        String msgId, List<SdParam> structuredData, String content, boolean parsed) {

    SyslogMessage {
        structuredData = List.copyOf(structuredData);
    }

    /** A message that did not parse, kept whole. */
    static SyslogMessage unparsed(String raw) {
        return new SyslogMessage(-1, -1, null, null, null, null, null, List.of(), raw, false);
    }

    /** One PARAM-NAME="PARAM-VALUE" of an SD-ELEMENT, unescaped. */
    record SdParam(String id, String name, String value) {
    }
}
