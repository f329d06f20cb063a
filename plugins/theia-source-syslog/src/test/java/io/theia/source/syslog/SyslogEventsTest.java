package io.theia.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.theia.api.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages to events: RFC 5424, RFC 3164, and what does not parse. */
class SyslogEventsTest {

    private static final Instant NOW = Instant.parse("2024-03-10T12:00:00.123456Z");

    private final SyslogEvents events = new SyslogEvents(Clock.fixed(NOW, ZoneOffset.UTC), List.of("net"));

    private Event event(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return events.toEvent(bytes, bytes.length, false, "192.0.2.7");
    }

    @Test
    void rfc5424WithStructuredData() {
        Event event = event("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 "
                + "class=\"high\" note=\"a \\\"quoted\\\" \\] and \\\\ and\nnew line\"] \uFEFFAn application event");

        assertThat(event.timestamp()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
        assertThat(event.source()).isEqualTo("syslog://mymachine.example.com/evntslog");
        assertThat(event.tags()).containsExactly("local4", "notice", "mymachine.example.com", "evntslog", "net");
        assertThat(event.content()).isEqualTo("An application event");
        assertThat(event.headers()).containsExactly(
                entry("syslog.procid", "1234"),
                entry("syslog.msgid", "ID47"),
                entry("sd.exampleSDID@32473.iut", "3"),
                entry("sd.exampleSDID@32473.eventSource", "Application"),
                entry("sd.exampleSDID@32473.eventID", "1011"),
                entry("sd.examplePriority@32473.class", "high"),
                entry("sd.examplePriority@32473.note", "a \"quoted\" ] and \\\\ and\\nnew line"));
    }

    @Test
    void rfc5424WithNilValuesAndNoMessage() {
        Event event = event("<13>1 - - - - - -");
        assertThat(event.timestamp()).isEqualTo(NOW);
        assertThat(event.source()).isEqualTo("syslog://192.0.2.7/");
        assertThat(event.tags()).containsExactly("user", "notice", "192.0.2.7", "net");
        assertThat(event.content()).isEmpty();
        assertThat(event.headers()).isEmpty();
    }

    @Test
    void rfc5424OffsetsFractionsAndRepeatedParameters() {
        Event event = event("<0>1 2003-08-24T05:14:15.000003-07:00 host app - - [a b=\"1\" b=\"2\"][x:y z:w=\"v\"] "
                + "multi\nline");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2003-08-24T12:14:15.000003Z"));
        assertThat(event.tags()).startsWith("kern", "emerg");
        assertThat(event.headers()).containsExactly(entry("sd.a.b", "1"), entry("sd.a.b.2", "2"),
                entry("sd.x_y.z_w", "v"));
        assertThat(event.content()).isEqualTo("multi\nline");
    }

    @Test
    void anUnparseableTimestampMeansTheReceiveTime() {
        assertThat(event("<13>1 2003-13-45T99:14:15Z host app - - - text").timestamp()).isEqualTo(NOW);
        assertThat(event("<13>1 1960-01-01T00:00:00Z host app - - - text").timestamp()).isEqualTo(NOW);
    }

    @Test
    void rfc3164WithHostnameTagAndPid() {
        Event event = event("<34>Mar  9 22:14:15 mymachine su[42]: 'su root' failed for lonvick on /dev/pts/8\n");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-03-09T22:14:15Z"));
        assertThat(event.source()).isEqualTo("syslog://mymachine/su");
        assertThat(event.tags()).containsExactly("auth", "crit", "mymachine", "su", "net");
        assertThat(event.content()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        assertThat(event.headers()).containsExactly(entry("syslog.procid", "42"));
    }

    @Test
    void rfc3164WithoutHostnameOrTag() {
        Event noHost = event("<13>Mar 10 11:59:00 cron: job done");
        assertThat(noHost.source()).isEqualTo("syslog://192.0.2.7/cron");
        assertThat(noHost.content()).isEqualTo("job done");
        Event noTag = event("<13>Mar 10 11:59:00 host just some words");
        assertThat(noTag.source()).isEqualTo("syslog://host/");
        assertThat(noTag.content()).isEqualTo("just some words");
        Event noTimestamp = event("<13>hello: world");
        assertThat(noTimestamp.timestamp()).isEqualTo(NOW);
        assertThat(noTimestamp.content()).isEqualTo("hello: world");
        assertThat(noTimestamp.tags()).containsExactly("user", "notice", "192.0.2.7", "net");
    }

    @Test
    void rfc3164WithAnRfc3339Timestamp() {
        Event event = event("<13>2024-03-10T11:00:00.5+01:00 host app: text");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2024-03-10T10:00:00.5Z"));
        assertThat(event.source()).isEqualTo("syslog://host/app");
    }

    @Test
    void rfc3164TimestampsTakeTheYearClosestToTheArrivalInTheClocksZone() {
        Instant newYear = Instant.parse("2025-01-01T00:00:30Z");
        SyslogEvents atNewYear = new SyslogEvents(Clock.fixed(newYear, ZoneOffset.UTC), List.of());
        assertThat(toEvent(atNewYear, "<13>Dec 31 23:59:50 h a: x").timestamp())
                .isEqualTo(Instant.parse("2024-12-31T23:59:50Z"));
        assertThat(toEvent(atNewYear, "<13>Jan  1 00:00:40 h a: x").timestamp())
                .isEqualTo(Instant.parse("2025-01-01T00:00:40Z"));
        SyslogEvents atYearEnd = new SyslogEvents(Clock.fixed(Instant.parse("2024-12-31T23:59:59Z"),
                ZoneOffset.UTC), List.of());
        assertThat(toEvent(atYearEnd, "<13>Jan  1 00:00:02 h a: x").timestamp())
                .isEqualTo(Instant.parse("2025-01-01T00:00:02Z"));
        SyslogEvents inBerlin = new SyslogEvents(Clock.fixed(NOW, ZoneId.of("Europe/Berlin")), List.of());
        assertThat(toEvent(inBerlin, "<13>Mar 10 13:00:00 h a: x").timestamp())
                .isEqualTo(Instant.parse("2024-03-10T12:00:00Z"));
        SyslogEvents leapless = new SyslogEvents(Clock.fixed(Instant.parse("2023-03-01T00:00:00Z"), ZoneOffset.UTC),
                List.of());
        assertThat(toEvent(leapless, "<13>Feb 29 10:00:00 h a: x").timestamp())
                .isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
    }

    @Test
    void whatDoesNotParseIsKeptWholeAndTaggedUnparsed() {
        for (String garbage : List.of("no pri at all", "<999>1 - - - - - - too high", "<>x", "<1a>x", "<13",
                "<13>1 2024-01-01T00:00:00Z host", "<13>1 - h a p m [unclosed x=\"1\" rest",
                "<13>1 - h a p m [id x=1] bad param", "<13>1 - h a p m -garbage after nil sd", "\u0000\uFFFF")) {
            Event event = event(garbage);
            assertThat(event.content()).as(garbage).isEqualTo(garbage);
            assertThat(event.tags()).as(garbage).containsExactly("192.0.2.7", "net", "unparsed");
            assertThat(event.source()).isEqualTo("syslog://192.0.2.7/");
            assertThat(event.timestamp()).isEqualTo(NOW);
        }
    }

    @Test
    void tagsAndSourceAreSanitisedAndTruncationIsTagged() {
        byte[] bytes = "<13>1 - ho,st ap,p - - - text é".getBytes(StandardCharsets.UTF_8);
        Event cut = events.toEvent(bytes, bytes.length - 1, true, "peer");
        assertThat(cut.tags()).containsExactly("user", "notice", "ho_st", "ap_p", "net", "truncated");
        assertThat(cut.source()).isEqualTo("syslog://ho,st/ap,p");
        assertThat(cut.content()).isEqualTo("text ");
    }

    private static Event toEvent(SyslogEvents events, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return events.toEvent(bytes, bytes.length, false, "peer");
    }
}
