package io.theia.store.naive;

import io.theia.api.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link CrashTest}: saves events from several threads, printing {@code ok <id>} for each
 * event once it is durable, until it is killed. In synchronous mode that is when its save has returned; in
 * buffered mode ({@code buffered} as third argument) when {@code whenDurable} called after the save completed,
 * as the collector acknowledges.
 */
public final class CrashingWriter {

    static final long BASE_SECOND = 1_600_000_000L;

    private CrashingWriter() {
    }

    /** Arguments: data directory, round number, optionally {@code buffered}. */
    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String round = args[1];
        boolean buffered = args.length > 2 && args[2].equals("buffered");
        NaiveEventStore store = NaiveEventStore.open(new NaiveStoreConfig(dataDir, 10L,
                buffered ? Duration.ofSeconds(1) : Duration.ZERO, 64L * 1024, null));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                Random random = new Random(round.hashCode() * 31L + thread);
                for (int n = 0; ; n++) {
                    List<Event> batch = new ArrayList<>();
                    int size = 1 + random.nextInt(4);
                    for (int i = 0; i < size; i++) {
                        String id = "r" + round + "-t" + thread + "-" + n + "-" + i;
                        batch.add(eventFor(id, BASE_SECOND + random.nextInt(60), random.nextInt(1_000_000_000)));
                    }
                    store.saveAll(batch);
                    if (buffered) {
                        store.whenDurable().toCompletableFuture().join();
                    }
                    StringBuilder acks = new StringBuilder();
                    for (Event event : batch) {
                        acks.append("ok ").append(event.id()).append('\n');
                    }
                    synchronized (System.out) {
                        System.out.print(acks);
                        System.out.flush();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The event with this id: its content is derived from the id, so that a reader can check it is whole. */
    static Event eventFor(String id, long second, int nanos) {
        return new Event(id, Instant.ofEpochSecond(second, nanos / 100 * 100), "/crash", List.of("crash"),
                contentFor(id));
    }

    static String contentFor(String id) {
        int repeat = Math.floorMod(id.hashCode(), 199) == 0 ? 10_000 : 1 + Math.floorMod(id.hashCode(), 20);
        return ("payload of " + id + "\n").repeat(repeat) + "end of " + id;
    }
}
