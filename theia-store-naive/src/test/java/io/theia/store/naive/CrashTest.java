package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves and is killed with SIGKILL at random moments; after every kill the store opens, holds every
 * acknowledged event exactly once, and returns no partial event. In synchronous mode an event is acknowledged when
 * its save returned; in buffered mode when {@code whenDurable} said so.
 */
class CrashTest {

    private static final int ROUNDS = 24;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
        killAndCheck(ROUNDS, false);
    }

    @Test
    void everyEventABufferedStoreCalledDurableSurvivesSigkillExactlyOnce() throws Exception {
        killAndCheck(ROUNDS / 3, true);
    }

    private void killAndCheck(int rounds, boolean buffered) throws Exception {
        Random random = new Random(20240601);
        Set<String> acknowledged = new HashSet<>();
        for (int round = 0; round < rounds; round++) {
            acknowledged.addAll(runAndKill(round, 1 + random.nextInt(300), buffered));

            try (NaiveEventStore store = NaiveEventStore.open(new NaiveStoreConfig(dataDir, 10L, Duration.ZERO,
                    64L * 1024, null))) {
                List<Event> all;
                try (Stream<Event> stream = store.search(EventQuery.all())) {
                    all = stream.collect(Collectors.toList());
                }
                Set<String> ids = new HashSet<>();
                for (Event event : all) {
                    assertThat(ids.add(event.id())).as("event %s found twice", event.id()).isTrue();
                    assertThat(event.content()).as("content of %s", event.id())
                            .isEqualTo(CrashingWriter.contentFor(event.id()));
                }
                assertThat(ids).as("round %d", round).containsAll(acknowledged);
                assertThat(all).isSortedAccordingTo(java.util.Comparator.comparing(Event::timestamp));
                for (String id : pick(acknowledged, random, 20)) {
                    assertThat(store.get(id).content()).isEqualTo(CrashingWriter.contentFor(id));
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(rounds * 20);
    }

    private Set<String> runAndKill(int round, int acksBeforeKill, boolean buffered) throws Exception {
        Files.createDirectories(dataDir.resolve(".theia"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), dataDir.toString(), String.valueOf(round),
                buffered ? "buffered" : "synchronous")
                .redirectError(dataDir.resolve(".theia").resolve("child-" + round + ".log").toFile())
                .start();
        Set<String> acks = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> readAcks(child, acks));
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= acksBeforeKill || !child.isAlive());
            assertThat(child.isAlive()).as("the writer runs until killed (see its log in .theia)").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor();
            reader.join();
        }
        return acks;
    }

    private static void readAcks(Process child, Set<String> acks) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("ok ")) {
                    acks.add(line.substring(3));
                }
            }
        } catch (IOException e) {
            // the child died; what was read is what was acknowledged
        }
    }

    private static List<String> pick(Set<String> ids, Random random, int count) {
        List<String> all = new ArrayList<>(ids);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < count && !all.isEmpty(); i++) {
            picked.add(all.get(random.nextInt(all.size())));
        }
        return picked;
    }

}
