package io.theia.source.exec;

import io.theia.api.event.Event;
import io.theia.api.plugin.Host;
import io.theia.api.source.SourceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns output lines into events and delivers them to the sink, with at most {@value #MAX_IN_FLIGHT} events not
 * yet acknowledged. Thread-safe: both stream readers use it.
 *
 * <p>Why the bound: the sink acknowledges once events are stored. A command that prints faster than the store
 * writes would otherwise fill memory with events waiting to be stored. Waiting here stops reading the pipe, the
 * pipe fills, and the operating system pauses the command: back-pressure all the way to the producer.
 */
final class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    static final int MAX_IN_FLIGHT = 64;
    /** The tag that marks lines the command wrote to its standard error. */
    static final String STDERR_TAG = "stderr";

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final SourceContext context;
    private final Clock clock;
    private final String source;
    private final List<String> tags;
    private final List<String> stderrTags;
    private volatile boolean closed;

    EventDelivery(ExecSourceConfig config, SourceContext context, Host host) {
        this.context = context;
        this.clock = host.clock();
        this.source = "exec:" + context.name();
        this.tags = new ArrayList<>(config.tags());
        // The host name is a tag on every event, as with the file watcher: queries can then filter by machine.
        this.tags.add(host.hostName());
        this.stderrTags = new ArrayList<>(tags);
        this.stderrTags.add(STDERR_TAG);
    }

    /** Delivers one line as an event; waits while too many are in flight. False when the source is closing. */
    boolean deliver(String line, boolean stderr) {
        if (closed) {
            return false;
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Event event = Event.create(clock, source, stderr ? stderrTags : tags, line);
        context.sink().deliver(event).whenComplete((ignored, failure) -> {
            inFlight.release();
            if (failure != null) {
                // A command's output cannot be read again, so a failed delivery is lost: say so loudly.
                LOG.error("Source '{}': an output line could not be delivered and is lost: {}", context.name(),
                        failure.toString());
            }
        });
        return true;
    }

    /** Stops accepting lines. */
    void close() {
        closed = true;
    }
}
