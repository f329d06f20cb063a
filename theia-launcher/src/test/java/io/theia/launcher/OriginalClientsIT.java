package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ORIGINAL Python theia's clients against our distribution's collector ({@code bin/theia collect}, child
 * processes on free ports): its watcher ships appended lines; its {@code query} prints exactly the stored events its
 * order and filters select, and ends when our collector closes the search; its {@code query --live} prints exactly the
 * matching events pushed after it subscribed, also those its own simulator pushes. And the same clients against a
 * collector whose store is {@code federated} over two of ours (docs/scale-out.md): one cluster, both peers' events
 * merged in order by {@code /find} and followed by {@code /live}.
 *
 * <p>The four collectors are started once for the class; each test uses tags of its own. Skipped, naming what is
 * missing, where the original's sources or Debian's python3-websockets / python3-watchdog are not there
 * ({@link OriginalTheia}).
 */
class OriginalClientsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)");
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();

    @TempDir
    static Path dir;

    @RegisterExtension
    static final BinTheia COLLECTORS = BinTheia.perClass(() -> dir, "WARN", PATIENCE);

    @RegisterExtension
    final BinTheia theia = new BinTheia(() -> dir, "WARN", PATIENCE);

    private static OriginalTheia original;
    /** A collector with a naive store. */
    private static int single;
    /** The federated collector's peers, each with a naive store. */
    private static int firstPeer;
    private static int secondPeer;
    /** A collector whose store is {@code federated} over the two peers. */
    private static int federated;

    /**
     * Skips the test, with the reason, where the original is not there (in a {@code @BeforeAll} the reason would not
     * show in the reports); the first test to run starts the collectors, for all.
     */
    @BeforeEach
    void locateTheOriginalAndStartTheCollectorsOnce() throws Exception {
        original = OriginalTheia.locate();
        if (federated == 0) {
            startCollectors();
        }
    }

    private static void startCollectors() throws Exception {
        ChildProcess one = collector("single");
        ChildProcess peer1 = collector("peer1");
        ChildProcess peer2 = collector("peer2");
        single = awaitPort(one);
        firstPeer = awaitPort(peer1);
        secondPeer = awaitPort(peer2);
        Path config = dir.resolve("federated.yaml");
        Files.writeString(config, "store: {type: federated, peers: ['127.0.0.1:%d', '127.0.0.1:%d']}\n"
                .formatted(firstPeer, secondPeer));
        federated = awaitPort(COLLECTORS.start("collect", "--config", config.toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("federated-state")));
    }

    /**
     * The original watcher sends what was appended since it last looked as one event (source: the file, tags: the
     * host name and its {@code -t}); read back in order with the original query and with ours, no line is missing.
     */
    @Test
    void theOriginalWatcherShipsAppendedLines() throws Exception {
        Path log = dir.resolve("watched.log");
        Files.writeString(log, "");
        theia.adopt(original.start(List.of("watch", "-c", "127.0.0.1", "-p", Integer.toString(single), "-f",
                log.toString(), "-t", "origwatch"), Map.of()));
        // It tails: it ships what is appended once it watches, so append probes until one is stored.
        int[] probes = {0};
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            append(log, List.of("probe " + probes[0]++));
            assertThat(original.query(single, 0, "-a", "1", "-t", "origwatch", "-F", "{content}"))
                    .anyMatch(line -> line.startsWith("probe "));
        });

        List<String> lines = new ArrayList<>();
        for (int chunk = 0; chunk < 3; chunk++) {
            int first = chunk * 10;
            List<String> appended = IntStream.range(first, first + 10).mapToObj(i -> "line " + i).toList();
            append(log, appended);
            lines.addAll(appended);
        }

        // Each event's content ends with the chunk's newline, so the original prints an empty line after it.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(original.query(single, 0, "-a", "1", "-t",
                "origwatch", "-F", "{content}")).filteredOn(line -> line.startsWith("line "))
                .containsExactlyElementsOf(lines));
        List<String> sources = original.query(single, 0, "-a", "1", "-t", "origwatch", "-F", "{source}|{tags}");
        assertThat(sources).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith(log + "|")
                .endsWith(",origwatch"));
        BinTheia.Result ours = theia.run("query", "-P", Integer.toString(single), "-t", "origwatch", "-F",
                "{content}");
        assertThat(ours.exitCode()).as(String.join("\n", ours.errors())).isZero();
        // ours shows the newlines within a content as \n
        assertThat(ours.output().stream().flatMap(line -> Arrays.stream(line.split("\\\\n")))
                .filter(line -> line.startsWith("line "))).containsExactlyElementsOf(lines);
    }

    /**
     * The original query of stored events, against our collector: both orders, and each of its filters, print exactly
     * the matching events, every field as stored; it ends when our collector closes the search (no idle timeout is
     * given to it).
     */
    @Test
    void theOriginalQueryPrintsExactlyTheEventsItsOrderAndFiltersSelect() throws Exception {
        push(single,
                event("f1", T0 + 1, "/app/web.log", "GET /index 200", "origfind", "web"),
                event("f2", T0 + 2, "/app/db.log", "slow query took 1200 ms", "origfind", "db"),
                event("f4", Instant.ofEpochSecond(T0 + 3, 250_000_000), "/app/web.log", "POST /login 500",
                        "origfind", "web"),
                event("f3", T0 + 3, "/app/auth.log", "login ok for alice", "origfind"),
                event("f5", Instant.ofEpochSecond(T0 + 4, 500_000_000), "/app/db.log", "connection reset",
                        "origfind", "db"),
                event("f6", T0 + 6, "/app/web.log", "GET /logout 302", "origfind", "web"),
                event("other", T0 + 2, "/app/web.log", "GET /index 200", "notfound", "web"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(find()).containsExactly("f1", "f2", "f3", "f4",
                "f5", "f6"));
        assertThat(find("-o", "desc")).containsExactly("f6", "f5", "f4", "f3", "f2", "f1");
        assertThat(find("-s", "web")).containsExactly("f1", "f4", "f6");
        assertThat(find("-s", "^/app/db")).containsExactly("f2", "f5");
        assertThat(find("-t", "origfind", "db")).containsExactly("f2", "f5");
        assertThat(find("-c", "login")).containsExactly("f3", "f4");
        assertThat(find("-c", "^login")).containsExactly("f3");
        assertThat(find("--id", "f[24]")).containsExactly("f2", "f4");
        // both bounds are inclusive; -a and -b take whole seconds
        assertThat(find("-a", Long.toString(T0 + 2), "-b", Long.toString(T0 + 4))).containsExactly("f2", "f3",
                "f4");
        assertThat(find("-a", Long.toString(T0 + 3), "-b", Long.toString(T0 + 6))).containsExactly("f3", "f4",
                "f5", "f6");
        assertThat(find("-o", "desc", "-s", "web", "-c", "GET")).containsExactly("f6", "f1");
        // -T '' prints the timestamp as the float it parsed
        assertThat(original.query(single, 0, "-a", "1", "-t", "origfind", "--id", "f5", "-T", "",
                "-F", "{id}|{timestamp}|{source}|{tags}|{content}"))
                .containsExactly("f5|" + (T0 + 4) + ".5|/app/db.log|origfind,db|connection reset");
    }

    /**
     * The original {@code query --live} prints {@code ok} once subscribed, then exactly the events pushed afterwards
     * that match its source, tags, content and time filters, in the order they were pushed.
     */
    @Test
    void theOriginalLiveQueryPrintsExactlyTheMatchingEventsPushedAfterItSubscribed() throws Exception {
        long until = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        ChildProcess live = subscribe(single, "-t", "origlive", "-s", "sensor", "-c", "temp", "-a",
                Long.toString(T0), "-b", Long.toString(until), "-F", "{id} {source} {content}");

        push(single,
                live("l1", "/dev/sensor-1", "temp 21.5", "origlive"),
                live("x-source", "/dev/door", "temp 20.0", "origlive"),
                live("x-tag", "/dev/sensor-1", "temp 20.0", "other"),
                live("x-content", "/dev/sensor-2", "humidity 40", "origlive"),
                event("x-before", T0 - 1, "/dev/sensor-1", "temp 19.0", "origlive"),
                event("x-after", until + 1, "/dev/sensor-1", "temp 19.0", "origlive"),
                live("l2", "/dev/sensor-2", "temp 22.0", "origlive", "extra"));

        // Pushed on one connection, the events reach the subscriber in order: once l2 is there, so is all before it.
        await().atMost(PATIENCE).until(() -> live.output.stream().anyMatch(line -> line.startsWith("l2 ")));
        assertThat(live.output).containsExactly("ok", "l1 /dev/sensor-1 temp 21.5", "l2 /dev/sensor-2 temp 22.0");
    }

    /**
     * The original's own simulator pushes to our collector while the original {@code query --live} follows: the live
     * query prints every event our collector stored, in the order stored, and they are the simulator's.
     */
    @Test
    void theOriginalLiveQueryFollowsTheOriginalSimulator() throws Exception {
        ChildProcess live = subscribe(single, "-t", "origsim", "-F", "{id}");
        ChildProcess simulator = theia.adopt(original.simulate(single, "-t", "origsim", "-s", "/sim/source", "-c",
                "simulated by the original", "--delay", "0.05"));

        await().atMost(PATIENCE).until(() -> live.output.size() > 10 || !simulator.process.isAlive());
        simulator.stop();

        assertThat(live.output).as(String.join("\n", simulator.errors)).hasSizeGreaterThan(10);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(original.query(single, 0, "-a", "1", "-t", "origsim",
                "-F", "{id}")).containsExactlyElementsOf(live.output.subList(1, live.output.size())));
        assertThat(original.query(single, 0, "-a", "1", "-t", "origsim", "-F", "{source}|{tags}|{content}"))
                .hasSize(live.output.size() - 1).containsOnly("/sim/source|origsim|simulated by the original");
    }

    /**
     * Through the federated collector the original query sees one cluster: both peers' events merged in timestamp
     * order, at a tie peer by peer in the order of {@code peers} (as docs/scale-out.md says), filtered at the peers;
     * and it ends when the federated search closes.
     */
    @Test
    void theOriginalQueryOfAFederatedCollectorMergesBothPeersInOrder() throws Exception {
        push(firstPeer,
                event("g1", T0 + 1, "/peer1/app.log", "one", "origfed"),
                event("g3b", T0 + 3, "/peer1/app.log", "three b", "origfed"),
                event("g5", T0 + 5, "/peer1/app.log", "five", "origfed"));
        push(secondPeer,
                event("g2", T0 + 2, "/peer2/app.log", "two", "origfed"),
                event("g3a", T0 + 3, "/peer2/app.log", "three a", "origfed"),
                event("g4", T0 + 4, "/peer2/app.log", "four", "origfed"),
                event("g-other", T0 + 4, "/peer2/app.log", "four", "notfed"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(original.query(federated, 0, "-a", "1", "-t",
                "origfed", "-F", "{id}")).containsExactly("g1", "g2", "g3b", "g3a", "g4", "g5"));
        assertThat(original.query(federated, 0, "-a", "1", "-t", "origfed", "-o", "desc", "-F", "{id}"))
                .containsExactly("g5", "g4", "g3b", "g3a", "g2", "g1");
        assertThat(original.query(federated, 0, "-a", Long.toString(T0 + 2), "-b", Long.toString(T0 + 4), "-t",
                "origfed", "-c", "^t", "-F", "{id} {source}"))
                .containsExactly("g2 /peer2/app.log", "g3b /peer1/app.log", "g3a /peer2/app.log");
    }

    /** Many events, alternating between the peers by timestamp, reach the original query in one strict order. */
    @Test
    void theOriginalQueryOfAFederatedCollectorGetsManyEventsInOrder() throws Exception {
        Instant start = Instant.ofEpochSecond(T0 + 100);
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = "b%04d".formatted(i);
            (i % 2 == 0 ? first : second).add(event(id, start.plusMillis(i), "/bulk", "bulk " + i, "origbulk"));
            ids.add(id);
        }
        push(firstPeer, first.toArray(Event[]::new));
        push(secondPeer, second.toArray(Event[]::new));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(original.query(federated, 0, "-a", "1", "-t",
                "origbulk", "-F", "{id}")).containsExactlyElementsOf(ids));
        assertThat(original.query(federated, 0, "-a", "1", "-t", "origbulk", "-o", "desc", "-F", "{id}"))
                .containsExactlyElementsOf(descending(ids));
    }

    /**
     * A federated collector with a peer that is down: the original query and {@code query --live} print the error
     * naming the peer and end, never a partial answer (the original's clients cannot ask for one).
     */
    @Test
    void theOriginalClientsOfAFederatedCollectorWithAPeerDownGetTheErrorNamingIt() throws Exception {
        int down;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = socket.getLocalPort();
        }
        Path config = dir.resolve("federated-down.yaml");
        Files.writeString(config, "store: {type: federated, peers: ['127.0.0.1:%d', '127.0.0.1:%d']}\n"
                .formatted(firstPeer, down));
        int port = awaitPort(theia.start("collect", "--config", config.toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve("federated-down-state")));
        push(firstPeer, live("d1", "/down", "on the peer that is up", "origdown"));

        List<String> found = original.query(port, 0, "-a", "1", "-t", "origdown", "-F", "{id}");
        ChildProcess live = theia.adopt(original.live(port, "-t", "origdown", "-F", "{id}"));

        assertThat(found).singleElement().asString().startsWith("{\"error\"")
                .contains("search failed: peer collector").contains("127.0.0.1:" + down);
        assertThat(live.ended(PATIENCE)).as("live ended").isTrue();
        assertThat(live.output).singleElement().asString().startsWith("{\"error\"")
                .contains("live failed: peer collector").contains("127.0.0.1:" + down);
    }

    /**
     * Through the federated collector the original {@code query --live} follows the cluster: its {@code ok} comes once
     * both peers subscribed, and it prints exactly the events ingested at either peer that match its tags and content
     * filters (applied at the peers).
     */
    @Test
    void theOriginalLiveQueryOfAFederatedCollectorFollowsBothPeers() throws Exception {
        ChildProcess live = subscribe(federated, "-t", "origfedlive", "-c", "^followed", "-F", "{id} {source}");

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int peer = i % 2 == 1 ? firstPeer : secondPeer;
            String source = i % 2 == 1 ? "/peer1/live" : "/peer2/live";
            String id = "m" + i;
            // a peer sends its events in order: once m<i> arrives, the event pushed before it would have too
            push(peer, live("n" + i, source, "not followed", "origfedlive"), live("o" + i, source, "followed", "other"),
                    live(id, source, "followed", "origfedlive"));
            expected.add(id + " " + source);
            await().atMost(PATIENCE).until(() -> live.output.contains(id + " " + source));
        }
        List<String> printed = new ArrayList<>(List.of("ok"));
        printed.addAll(expected);
        assertThat(live.output).containsExactlyElementsOf(printed);
    }

    private static List<String> descending(List<String> ascending) {
        List<String> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        return descending;
    }

    /** The original's {@code query --live} on {@code port}, once the collector confirmed it (it printed {@code ok}). */
    private ChildProcess subscribe(int port, String... args) throws IOException {
        ChildProcess live = theia.adopt(original.live(port, args));
        assertThat(live.awaitOutput("ok"::equals, PATIENCE)).as("subscribed: %s", live.errors).isPresent();
        assertThat(live.output).containsExactly("ok");
        return live;
    }

    /** The ids the original query prints of the events tagged {@code origfind} from T0, with {@code filters}. */
    private List<String> find(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("-a", Long.toString(T0)));
        if (!Arrays.asList(filters).contains("-t")) {
            args.addAll(List.of("-t", "origfind"));
        }
        args.addAll(List.of(filters));
        args.addAll(List.of("-F", "{id}"));
        return original.query(single, 0, args.toArray(String[]::new));
    }

    private static Event event(String id, long second, String source, String content, String... tags) {
        return event(id, Instant.ofEpochSecond(second), source, content, tags);
    }

    private static Event event(String id, Instant timestamp, String source, String content, String... tags) {
        return new Event(id, timestamp, source, List.of(tags), content);
    }

    private static Event live(String id, String source, String content, String... tags) {
        return event(id, Instant.now(), source, content, tags);
    }

    private static void push(int port, Event... events) throws Exception {
        try (CollectorClient client = CollectorClient.of("127.0.0.1", port);
                EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
            pusher.push(List.of(events)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static ChildProcess collector(String name) throws IOException {
        return COLLECTORS.start("collect", "-d", dir.resolve(name + "-data").toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve(name + "-state"));
    }

    private static int awaitPort(ChildProcess collector) {
        String line = collector.awaitOutput(l -> LISTENING.matcher(l).find(), PATIENCE).orElseThrow(() ->
                new AssertionError("the collector did not start:\n" + String.join("\n", collector.errors)));
        Matcher matcher = LISTENING.matcher(line);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
