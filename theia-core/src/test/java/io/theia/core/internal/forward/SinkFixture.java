package io.theia.core.internal.forward;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theia.api.event.Event;
import io.theia.core.internal.config.ForwardBatchConfig;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.config.ForwardRetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the forwarding sink tests share: sinks to 127.0.0.1 with short batch and retry delays, one meter registry,
 * test events, and everything handed to {@link #closing} closed after each test, the last opened first. Register it
 * as a {@code @RegisterExtension} field.
 */
final class SinkFixture implements AfterEachCallback {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A sink to {@code port}; {@code ackTimeout} and {@code maxPendingBytes} null for the defaults. */
    ForwardingSink sink(int port, String acknowledge, Duration ackTimeout, Long maxPendingBytes) {
        ForwardConfig config = new ForwardConfig("127.0.0.1", port, acknowledge, ackTimeout,
                new ForwardBatchConfig(200, null, Duration.ofMillis(5)),
                new ForwardRetryConfig(Duration.ofMillis(20), Duration.ofMillis(300)), null, null, maxPendingBytes,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        return ForwardingSink.start(config, registry);
    }

    /** {@code closeable}, closed after the test. */
    <T extends AutoCloseable> T closing(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    static List<Event> events(String prefix, int count) {
        Instant now = Instant.now();
        return IntStream.range(0, count).mapToObj(i -> new Event(prefix + "-" + i, now, "/test/" + prefix,
                List.of("forward"), "line " + i + " of " + prefix)).toList();
    }

    static Set<String> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toSet());
    }

    static void allDone(List<CompletableFuture<Void>> deliveries) throws Exception {
        try {
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a delivery failed: " + e.getCause(), e.getCause());
        }
    }
}
