package io.theia.launcher;

import io.theia.api.event.Event;
import io.theia.core.client.CollectorClient;
import io.theia.core.client.EventPusher;
import io.theia.core.client.PushOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code theia simulate}: pushes random events to a collector, like the original's simulator. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Push random events to a collector.")
final class SimulateCommand implements Callable<Integer> {

    private static final String[] WORDS = {"door", "unlocked", "locked", "temperature", "rising", "falling", "error",
        "timeout", "request", "served", "user", "login", "logout", "disk", "full", "ok", "warning", "sensor"};

    private static final int BATCH = 200;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Collector host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-P", "--port"}, paramLabel = "PORT", defaultValue = "6433",
            description = "Collector port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1000",
            description = "How many events to push (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = {"-r", "--rate"}, paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Events per second; 0 pushes as fast as the collector takes them (default).")
    double rate;

    @Option(names = {"-s", "--sources"}, paramLabel = "SOURCE", arity = "1..*",
            description = "Sources to pick from (default: /dev/sensors/sensor-1 .. -3).")
    List<String> sources = new ArrayList<>(List.of("/dev/sensors/sensor-1", "/dev/sensors/sensor-2",
            "/dev/sensors/sensor-3"));

    @Option(names = {"-t", "--tags"}, paramLabel = "TAG", arity = "1..*",
            description = "Tags to pick from; each event gets one to three of them (default: simulated).")
    List<String> tags = new ArrayList<>(List.of("simulated"));

    @Option(names = "--content-size", paramLabel = "BYTES", defaultValue = "100",
            description = "Approximate size of each event's content (default: ${DEFAULT-VALUE}).")
    int contentSize;

    @Option(names = "--content", paramLabel = "TEXT", description = "Fixed content instead of random words.")
    String content;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SplittableRandom random = new SplittableRandom();
        long started = System.nanoTime();
        long intervalNanos = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
        try (CollectorClient client = CollectorClient.of(host, port);
                EventPusher pusher = client.pusher(PushOptions.defaults(true))) {
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            long pushed = 0;
            while (pushed < count) {
                // Unpaced, events go in batches (several per message); paced, one per message on schedule.
                int batchSize = intervalNanos > 0 ? 1 : (int) Math.min(BATCH, count - pushed);
                if (intervalNanos > 0) {
                    LockSupport.parkNanos(started + pushed * intervalNanos - System.nanoTime());
                }
                List<Event> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(randomEvent(random));
                }
                pending.add(pusher.push(batch));
                pushed += batchSize;
                if (pending.size() >= 256) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                    pending.clear();
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pushed %d events to %s:%d in %.2f s (%.0f events/s)%n", count, host, port, seconds,
                count / Math.max(seconds, 1e-9));
        out.flush();
        return 0;
    }

    private Event randomEvent(SplittableRandom random) {
        List<String> chosen = new ArrayList<>();
        int tagCount = 1 + random.nextInt(Math.min(3, tags.size()));
        for (int i = 0; i < tagCount; i++) {
            String tag = tags.get(random.nextInt(tags.size()));
            if (!chosen.contains(tag)) {
                chosen.add(tag);
            }
        }
        return Event.create(sources.get(random.nextInt(sources.size())), chosen,
                content != null ? content : words(random));
    }

    private String words(SplittableRandom random) {
        StringBuilder text = new StringBuilder(contentSize + 16);
        while (text.length() < contentSize) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
