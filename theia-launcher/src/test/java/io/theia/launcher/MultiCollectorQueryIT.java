package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.EventPusher;
import io.theia.core.internal.client.PushOptions;
import io.theia.launcher.BinTheia.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code theia query} over two real collectors, each holding part of the events (docs/scale-out.md). */
class MultiCollectorQueryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on ws://127\\.0\\.0\\.1:(\\d+)");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @RegisterExtension
    final BinTheia theia = new BinTheia(() -> dir, "WARN", PATIENCE);

    private ChildProcess first;
    private ChildProcess second;
    private String firstAddress;
    private String secondAddress;

    @BeforeEach
    void startTwoCollectors() throws Exception {
        first = startCollector("first");
        second = startCollector("second");
        firstAddress = "127.0.0.1:" + awaitPort(first);
        secondAddress = "127.0.0.1:" + awaitPort(second);
    }

    /**
     * Events split between the collectors come back as one result in timestamp order, at a tie collector by
     * collector in the order given; an event both hold is printed once; the limit counts the merged result.
     */
    @Test
    void findMergesTheCollectorsResultsInTimestampOrder() throws Exception {
        push(firstAddress, event("e1", 1), event("e3-b", 3), event("e5", 5), event("both", 6));
        push(secondAddress, event("e2", 2), event("e3-a", 3), event("e4", 4), event("both", 6), event("e7", 7));
        List<String> ascending = List.of("e1", "e2", "e3-b", "e3-a", "e4", "e5", "both", "e7");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(query("--collector", firstAddress, "--collector",
                secondAddress).output()).containsExactlyElementsOf(ascending));
        assertThat(query("--collector", secondAddress + "," + firstAddress, "-o", "desc").output())
                .containsExactly("e7", "both", "e5", "e4", "e3-a", "e3-b", "e2", "e1");
        assertThat(query("--collector", firstAddress, "--collector", secondAddress, "-n", "4").output())
                .containsExactly("e1", "e2", "e3-b", "e3-a");
        assertThat(query("--collector", firstAddress, "--collector", secondAddress, "--tail", "3").output())
                .containsExactly("e5", "both", "e7");
    }

    /** Followed events of both collectors are printed as they arrive, whichever collector they come from. */
    @Test
    void liveInterleavesTheCollectorsEventsAsTheyArrive() throws Exception {
        ChildProcess live = theia.start("query", "--collector", firstAddress + "," + secondAddress, "--live",
                "-F", "{id}");
        // Until each collector's stream shows an event, it may not be subscribed yet.
        for (String address : List.of(firstAddress, secondAddress)) {
            AtomicInteger probes = new AtomicInteger();
            await().atMost(PATIENCE).until(() -> {
                String id = "probe-" + address + "-" + probes.incrementAndGet();
                push(address, new Event(id, Instant.now(), "/live", List.of(), "probe"));
                return live.output.stream().anyMatch(line -> line.startsWith("probe-" + address));
            });
        }
        List<String> pushed = List.of("l1", "l2", "l3", "l4", "l5");
        for (int i = 0; i < pushed.size(); i++) {
            String id = pushed.get(i);
            push(i % 2 == 0 ? firstAddress : secondAddress, new Event(id, Instant.now(), "/live", List.of(), id));
            await().atMost(PATIENCE).until(() -> live.output.contains(id));
        }
        live.process.destroy();
        assertThat(live.ended(PATIENCE)).isTrue();
        assertThat(live.process.exitValue()).isZero();
        assertThat(live.output.stream().filter(line -> line.startsWith("l")).toList())
                .containsExactlyElementsOf(pushed);
        assertThat(live.output).doesNotHaveDuplicates();
    }

    /** A stopped collector fails the query with its address, unless --partial asks for the others' results. */
    @Test
    void aStoppedCollectorFailsTheQueryByNameUnlessPartialResultsAreAsked() throws Exception {
        push(firstAddress, event("kept", 1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(query("--collector", firstAddress).output())
                .containsExactly("kept"));
        second.process.destroy();
        assertThat(second.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Result failed = query("--collector", firstAddress, "--collector", secondAddress);
        Result partial = query("--collector", firstAddress, "--collector", secondAddress, "--partial");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.output()).isEmpty();
        assertThat(String.join("\n", failed.errors())).contains("theia: ").contains(secondAddress)
                .doesNotContain(firstAddress);
        assertThat(partial.exitCode()).isZero();
        assertThat(partial.output()).containsExactly("kept");
        assertThat(partial.errors()).anySatisfy(line -> assertThat(line).contains("--partial")
                .contains(secondAddress));
    }

    /**
     * A merged result several times larger than the query's heap streams through it, complete and in order: the
     * query holds a bounded part of each collector's result, never all of it (docs/cli.md, Several collectors).
     */
    @Test
    void aResultLargerThanTheQuerysHeapStreamsThroughTheMerge() throws Exception {
        int perCollector = 40_000;
        String content = "z".repeat(1000);
        for (String address : List.of(firstAddress, secondAddress)) {
            String name = address.equals(firstAddress) ? "a" : "b";
            List<Event> events = new java.util.ArrayList<>();
            for (int i = 0; i < perCollector; i++) {
                // Timestamps interleave the collectors: a, b, a, b...
                events.add(new Event(String.format("%s%06d", name, i), T0.plusMillis(2L * i + (name.equals("a") ? 0
                        : 1)), "/big", List.of("big"), content));
                if (events.size() == 1000) {
                    push(address, events.toArray(Event[]::new));
                    events.clear();
                }
            }
        }

        // 80 MB of events; the heap of 32 MB would not hold a third of them.
        Result merged = theia.run(java.util.Map.of("JAVA_OPTS", "-Xmx32m"), "query", "--collector", firstAddress,
                "--collector", secondAddress, "-t", "big", "-F", "{id}");

        assertThat(merged.exitCode()).as(String.join("\n", merged.errors())).isZero();
        assertThat(merged.output()).hasSize(2 * perCollector);
        for (int i = 0; i < 2 * perCollector; i++) {
            assertThat(merged.output().get(i)).isEqualTo(String.format("%s%06d", i % 2 == 0 ? "a" : "b", i / 2));
        }
    }

    private Result query(String... options) throws Exception {
        String[] args = new String[options.length + 3];
        args[0] = "query";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "-F";
        args[options.length + 2] = "{id}";
        return theia.run(args);
    }

    private static Event event(String id, int second) {
        return new Event(id, T0.plusSeconds(second), "/multi", List.of("multi"), "event " + id);
    }

    private static void push(String address, Event... events) throws Exception {
        String[] hostPort = address.split(":");
        try (CollectorClient client = CollectorClient.of(hostPort[0], Integer.parseInt(hostPort[1]));
                EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
            pusher.push(List.of(events)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private ChildProcess startCollector(String name) throws Exception {
        return theia.start("collect", "-d", dir.resolve(name + "-data").toString(), "-H", "127.0.0.1", "-P", "0",
                "--set", "stateDir=" + dir.resolve(name + "-state"));
    }

    private static int awaitPort(ChildProcess collector) {
        int[] port = new int[1];
        await().atMost(PATIENCE).until(() -> collector.output.stream().map(LISTENING::matcher)
                .filter(Matcher::find).peek(m -> port[0] = Integer.parseInt(m.group(1))).findFirst().isPresent());
        return port[0];
    }
}
