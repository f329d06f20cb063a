package io.theia.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.theia.api.TheiaException;
import io.theia.api.event.Event;
import io.theia.api.testkit.RecordingSink;
import io.theia.api.testkit.SourceHarness;
import io.theia.api.testkit.TestHost;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The syslog source on real sockets: util-linux logger as the client, and crafted bytes for the bad cases. */
class SyslogSourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SyslogSourceFactory factory = new SyslogSourceFactory(TestHost.SYSTEM);

    private SourceHarness<SyslogSource> start(Integer maxMessageBytes) {
        return start(maxMessageBytes, new RecordingSink());
    }

    private SourceHarness<SyslogSource> start(Integer maxMessageBytes, RecordingSink sink) {
        return SourceHarness.start(factory, new SyslogSourceConfig("127.0.0.1:0", "127.0.0.1:0", List.of("test"),
                maxMessageBytes), sink);
    }

    private static int udpPort(SourceHarness<SyslogSource> run) {
        return run.source().udpAddress().orElseThrow().getPort();
    }

    private static int tcpPort(SourceHarness<SyslogSource> run) {
        return run.source().tcpAddress().orElseThrow().getPort();
    }

    @Test
    void loggerOverUdpAndTcpInBothFormatsAndFramings() throws Exception {
        try (SourceHarness<SyslogSource> run = start(null)) {
            Instant before = Instant.now().minusSeconds(2);
            UtilLinuxLogger.send(udpPort(run), "--udp", "--rfc5424", "-t", "app5424", "-p", "local3.err",
                    "--msgid", "M1", "--sd-id", "meta@32473", "--sd-param", "key=\"a value\"", "udp five four");
            UtilLinuxLogger.send(udpPort(run), "--udp", "--rfc3164", "-t", "app3164", "-p", "mail.warning",
                    "udp three one");
            UtilLinuxLogger.send(tcpPort(run), "--tcp", "--rfc5424", "-t", "app5424", "tcp lines");
            UtilLinuxLogger.send(tcpPort(run), "--tcp", "--rfc5424", "--octet-count", "-t", "app5424",
                    "tcp counted");
            UtilLinuxLogger.send(tcpPort(run), "--tcp", "--rfc3164", "-t", "app3164", "tcp three one");

            List<Event> events = run.awaitEvents(5);
            assertThat(events).extracting(Event::content).containsExactlyInAnyOrder("udp five four",
                    "udp three one", "tcp lines", "tcp counted", "tcp three one");
            Instant after = Instant.now().plusSeconds(2);
            assertThat(events).allSatisfy(event -> {
                assertThat(event.timestamp()).isBetween(before, after);
                assertThat(event.source()).matches("syslog://[^/]+/app(5424|3164)");
                String host = event.source().substring("syslog://".length(), event.source().lastIndexOf('/'));
                assertThat(event.tags()).contains(host, "test").doesNotContain("unparsed", "truncated");
            });
            Event rfc5424 = byContent(events, "udp five four");
            assertThat(rfc5424.tags()).startsWith("local3", "err").contains("app5424");
            assertThat(rfc5424.headers()).contains(entry("syslog.msgid", "M1"), entry("sd.meta@32473.key",
                    "a value"), entry("sd.timeQuality.tzKnown", "1"));
            assertThat(byContent(events, "udp three one").tags()).startsWith("mail", "warning").contains("app3164");
            assertThat(byContent(events, "tcp counted").tags()).startsWith("user", "notice");
        }
    }

    @Test
    void malformedMessagesOverTcpAreKeptAndTheConnectionGoesOn() throws Exception {
        try (SourceHarness<SyslogSource> run = start(480)) {
            String longLine = "<13>1 - h app - - - " + "x".repeat(1000);
            send(tcpPort(run), "garbage without pri\n<999>bad pri\n" + longLine + "\n<13>1 - h app - - - fine\n");
            List<Event> events = run.awaitEvents(4);
            assertThat(events).extracting(Event::content).startsWith("garbage without pri", "<999>bad pri");
            assertThat(events.get(0).tags()).contains("unparsed");
            assertThat(events.get(2).tags()).contains("truncated");
            assertThat(events.get(2).content()).startsWith("xxx").hasSize(480 - "<13>1 - h app - - - ".length());
            assertThat(events.get(3).content()).isEqualTo("fine");
        }
    }

    @Test
    void octetCountsThatLieDoNotLoseTheRestOfTheConnection() throws Exception {
        try (SourceHarness<SyslogSource> run = start(null)) {
            // The first count is 2 short: its tail becomes a line of its own, and the rest is read line by line.
            send(tcpPort(run), "19 <13>1 - h a - - - abc\n<13>1 - h a - - - next\n");
            List<Event> events = run.awaitEvents(3);
            assertThat(events).extracting(Event::content).containsExactly("a", "bc", "next");
            assertThat(events.get(1).tags()).contains("unparsed");

            send(tcpPort(run), "500 <13>1 - h a - - - cut short by the sender");
            assertThat(run.awaitEvents(4).get(3)).satisfies(event -> {
                assertThat(event.content()).isEqualTo("cut short by the sender");
                assertThat(event.tags()).contains("truncated");
            });
        }
    }

    @Test
    void overLongAndMalformedDatagramsAreKept() throws Exception {
        try (SourceHarness<SyslogSource> run = start(480);
                DatagramSocket socket = new DatagramSocket()) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort(run));
            for (String text : List.of("<13>1 - h a - - - " + "y".repeat(2000), "<>junk", "<13>1 - h a - - - ok\n")) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, target));
            }
            List<Event> events = run.awaitEvents(3);
            assertThat(events.get(0).tags()).contains("truncated");
            assertThat(events.get(0).content()).hasSize(480 - "<13>1 - h a - - - ".length());
            assertThat(events.get(1).content()).isEqualTo("<>junk");
            assertThat(events.get(1).tags()).contains("unparsed");
            assertThat(events.get(2).content()).isEqualTo("ok");
        }
    }

    @Test
    void tcpReadsPauseWhileTheSinkIsBehindAndResumeWhenItCatchesUp() throws Exception {
        RecordingSink sink = new RecordingSink().withhold();
        int messages = 100_000;
        try (SourceHarness<SyslogSource> run = start(null, sink);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort(run))) {
            String line = "<13>1 - h a - - - " + "z".repeat(180) + "\n";
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < messages; i++) {
                        out.write(bytes);
                    }
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            await().atMost(PATIENCE).until(() -> sink.withheldCount() == TcpConnection.MAX_IN_FLIGHT);
            int offered = sink.events().size();
            // Nothing was acknowledged: the connection is not read any more, and the sender is held up by TCP.
            await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> sink.events().size() == offered
                    && sink.deliveries() == TcpConnection.MAX_IN_FLIGHT);
            assertThat(offered).isLessThan(messages);
            assertThat(sender).isNotDone();

            sink.release();

            sender.get();
            assertThat(run.awaitEvents(messages)).hasSize(messages);
        }
    }

    @Test
    void udpDatagramsAreDroppedAndCountedWhenTheSinkIsFarBehind() throws Exception {
        RecordingSink sink = new RecordingSink().withhold();
        try (SourceHarness<SyslogSource> run = start(null, sink);
                DatagramSocket socket = new DatagramSocket()) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort(run));
            byte[] bytes = "<13>1 - h a - - - d".getBytes(StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (run.source().droppedUdpMessages() == 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    socket.send(new DatagramPacket(bytes, bytes.length, target));
                }
                Thread.onSpinWait();
            }
            assertThat(run.source().droppedUdpMessages()).isPositive();
            assertThat(sink.events()).hasSizeLessThanOrEqualTo(UdpListener.MAX_PENDING_EVENTS);

            sink.release();
            // Datagrams still queued in the socket arrive now; after them, one that is marked as the last.
            byte[] last = "<13>1 - h a - - - last".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(last, last.length, target));
            await().atMost(PATIENCE).until(() -> sink.contents().contains("last"));
        }
    }

    @Test
    void aPortInUseFailsTheStartNamingTheKeyAndAddress() throws Exception {
        try (SourceHarness<SyslogSource> first = start(null)) {
            int port = tcpPort(first);
            assertThatThrownBy(() -> SourceHarness.start(factory,
                    new SyslogSourceConfig(null, "127.0.0.1:" + port, null, null)))
                    .isInstanceOf(TheiaException.class)
                    .hasMessageContaining("syslog source 'test-source': cannot listen for TCP on 127.0.0.1:" + port
                            + " (key tcp)");
        }
    }

    @Test
    void closingStopsListening() throws Exception {
        SourceHarness<SyslogSource> run = start(null);
        int port = tcpPort(run);
        Socket open = new Socket(InetAddress.getLoopbackAddress(), port);
        run.close();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(java.net.ConnectException.class);
        assertThat(endOfStreamOrReset(open)).isTrue();
        open.close();
    }

    /** A connection the listener accepted ends with end of stream; one still in the backlog is reset. */
    private static boolean endOfStreamOrReset(Socket socket) throws Exception {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return reset.getMessage().contains("reset");
        }
    }

    @Test
    void settingsAreCheckedAllAtOnceNamingTheKeys() {
        assertThatThrownBy(() -> new SyslogSourceConfig(null, " ", List.of("a,b"), 10))
                .hasMessageContaining("udp / tcp: give at least one address to listen on")
                .hasMessageContaining("tags: 'a,b' is not a valid tag")
                .hasMessageContaining("maxMessageBytes: must be between 480 and 16777216, not 10");
        assertThatThrownBy(() -> new SyslogSourceConfig("localhost", "h:99999", null, null))
                .hasMessageContaining("udp: 'localhost' is not a listen address host:port")
                .hasMessageContaining("tcp: port 99999 is not between 0 and 65535");
        SyslogSourceConfig defaults = new SyslogSourceConfig("[::1]:514", null, null, null);
        assertThat(defaults.maxMessageBytes()).isEqualTo(SyslogSourceConfig.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(defaults.udpAddress()).isEqualTo(new ListenAddress("::1", 514));
        assertThat(defaults.tcpAddress()).isNull();
    }

    private static Event byContent(List<Event> events, String content) {
        return events.stream().filter(event -> event.content().equals(content)).findFirst().orElseThrow();
    }

    private static void send(int port, String text) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
