package io.theia.source.exec;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exec} source: runs the configured command once (streaming its output while it runs) or every
 * {@code every}, and delivers each line it prints as an event.
 *
 * <p>The host calls {@link #start()} once and {@link #close()} once; both are synchronized because the host may
 * close from another thread (a shutdown hook) while a start is still under way. Thread-safe.
 */
final class ExecSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(ExecSource.class);

    private final ExecSourceConfig config;
    private final SourceContext context;
    private final EventDelivery delivery;
    private ScheduledExecutorService schedule;
    private CommandRun current;
    private boolean closed;

    ExecSource(ExecSourceConfig config, SourceContext context, Host host) {
        this.config = config;
        this.context = context;
        this.delivery = new EventDelivery(config, context, host);
    }

    @Override
    public synchronized void start() {
        // The first run starts here, on the host's thread, so that a command that cannot run (a typo, a missing
        // program) fails start() with a clear message: the host then marks this source failed and says why.
        current = CommandRun.start(config, context, delivery);
        if (config.every() != null) {
            schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "theia-exec-" + context.name() + "-schedule");
                thread.setDaemon(true); // never keep the JVM alive for a source
                return thread;
            });
            long period = config.every().toNanos();
            // One thread and a task that waits for the previous run: runs never overlap; a run that takes longer
            // than `every` delays the next one instead of piling processes up.
            schedule.scheduleAtFixedRate(this::runAgain, period, period, TimeUnit.NANOSECONDS);
        }
    }

    private void runAgain() {
        CommandRun previous;
        synchronized (this) {
            previous = current;
        }
        if (!previous.awaitEnd()) {
            return; // interrupted: the source is closing
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                current = CommandRun.start(config, context, delivery);
            } catch (RuntimeException e) {
                // A later run failing to start must not end the schedule (an exception would cancel it): log, and
                // try again at the next tick. The first run already proved that the command can run.
                LOG.error("{}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        CommandRun running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (schedule != null) {
                schedule.shutdownNow();
            }
            running = current;
        }
        delivery.close();
        if (running != null) {
            running.stop();
        }
        if (schedule != null) {
            try {
                schedule.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
