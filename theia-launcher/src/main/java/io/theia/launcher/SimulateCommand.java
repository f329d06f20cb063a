package io.theia.launcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theia.api.event.Event;
import io.theia.core.internal.client.ClientSecurity;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.PushOptions;
import io.theia.core.internal.config.ForwardBatchConfig;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.config.ForwardTlsConfig;
import io.theia.core.internal.forward.ForwardingSink;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code theia simulate}: pushes random events to a collector, like the original's simulator. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Push random events to a collector.")
final class SimulateCommand implements Callable<Integer> {

    private static final String[] WORDS = {"door", "unlocked", "locked", "temperature", "rising", "falling", "error",
        "timeout", "request", "served", "user", "login", "logout", "disk", "full", "ok", "warning", "sensor"};

    private static final int BATCH = 200;
    private static final int MAX_PENDING_DELIVERIES = 64;

    @Option(names = {"-H", "--host", "--collector"}, paramLabel = "HOST",
            description = "Collector host (default: theia's -H, else 127.0.0.1).")
    String host;

    @Option(names = {"-P", "-p", "--port"}, paramLabel = "PORT",
            description = "Collector port; -p as in the original simulator (default: theia's -P, else 6433).")
    Integer port;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1000",
            description = "How many events to push (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = {"-r", "--rate"}, paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Events per second; 0 pushes as fast as the collector takes them (default).")
    double rate;

    @Option(names = "--delay", paramLabel = "SECONDS",
            description = "Seconds between events, as in the original simulator: the same as --rate 1/SECONDS.")
    Double delay;

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

    @Option(names = {"-c", "--content"}, paramLabel = "TEXT", description = "Fixed content instead of random words.")
    String content;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Spec
    CommandSpec spec;

    @ParentCommand
    TheiaCommand theia;

    @Override
    public Integer call() throws Exception {
        String host = TheiaCommand.either(this.host, theia == null ? null : theia.host, "127.0.0.1");
        int port = TheiaCommand.either(this.port, theia == null ? null : theia.port, 6433);
        if (delay != null) {
            if (rate != 0) {
                throw new ParameterException(spec.commandLine(), "Give --rate or --delay, not both");
            }
            if (!(delay > 0)) {
                throw new ParameterException(spec.commandLine(), "--delay must be more than 0 seconds, not " + delay);
            }
            rate = 1 / delay;
        }
        SplittableRandom random = new SplittableRandom();
        long intervalNanos = rate > 0 ? (long) (1_000_000_000L / rate) : 0;
        ClientSecurity security = clientOptions.security(System.getenv());
        checkReachable(CollectorClient.uri(clientOptions.tls(), host, port), security);
        long started = System.nanoTime();
        boolean bestEffort;
        Progress progress = Terminal.stderr() ? new Progress(spec.commandLine().getErr()) : null;
        // The agent's forwarding sink: acknowledged where the collector acknowledges; against one that does not
        // (the original), one event per message, each done once received, and nothing sent before lost.
        ForwardConfig config = new ForwardConfig(host, port, "auto", null,
                new ForwardBatchConfig(BATCH, null, Duration.ofMillis(5)), null, null, null, null, null,
                Duration.ofSeconds(30), new ForwardTlsConfig(clientOptions.tls(), clientOptions.caBundle,
                        clientOptions.certificate, clientOptions.key, clientOptions.insecure, security.provider()),
                security.token(), null);
        try (ForwardingSink sink = ForwardingSink.start(config, new SimpleMeterRegistry())) {
            // Deliveries in flight stay well below the sink's forward.maxPendingBytes, beyond which it refuses them.
            ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
            ArrayDeque<Long> pendingSizes = new ArrayDeque<>();
            long pendingBytes = 0;
            long pushed = 0;
            while (pushed < count) {
                // Unpaced, events go in batches; paced, one at a time on schedule.
                int batchSize = intervalNanos > 0 ? 1 : (int) Math.min(BATCH, count - pushed);
                if (intervalNanos > 0) {
                    LockSupport.parkNanos(started + pushed * intervalNanos - System.nanoTime());
                }
                List<Event> batch = new ArrayList<>(batchSize);
                for (int i = 0; i < batchSize; i++) {
                    batch.add(randomEvent(random));
                }
                long bytes = (long) batchSize * (Math.max(contentSize, content == null ? 0 : content.length()) + 256);
                while (!pending.isEmpty() && (pending.size() >= MAX_PENDING_DELIVERIES
                        || pendingBytes + bytes > config.maxPendingBytes() / 2)) {
                    pending.poll().join();
                    pendingBytes -= pendingSizes.poll();
                }
                pending.add(sink.deliver(batch).toCompletableFuture());
                pendingSizes.add(bytes);
                pendingBytes += bytes;
                pushed += batchSize;
                if (progress != null) {
                    progress.count("of " + count + " events pushed", pushed);
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            bestEffort = sink.bestEffort();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        } finally {
            if (progress != null) {
                progress.clear();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pushed %d events to %s:%d in %.2f s (%.0f events/s)%s%n", count, host, port, seconds,
                count / Math.max(seconds, 1e-9), bestEffort
                        ? "; best effort: the collector does not acknowledge, so they were received, not confirmed "
                        + "stored" : "");
        out.flush();
        return 0;
    }

    /** Fails at once, as before any event is generated, when the collector cannot be reached. */
    private static void checkReachable(URI collector, ClientSecurity security) {
        try (CollectorClient client = new CollectorClient(collector, Duration.ofSeconds(10), security)) {
            client.pusher(PushOptions.defaults(false)).close(Duration.ZERO);
        }
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
