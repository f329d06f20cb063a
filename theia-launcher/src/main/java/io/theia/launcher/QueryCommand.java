package io.theia.launcher;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.client.CollectorClient;
import io.theia.core.client.CollectorException;
import io.theia.core.client.LiveListener;
import io.theia.core.client.LiveStream;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code theia query}: finds stored events on a collector, or follows new ones live. */
@Command(name = "query", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Find events on a collector (or follow new ones with --live) and print them.")
final class QueryCommand implements Callable<Integer> {

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Collector host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-P", "--port"}, paramLabel = "PORT", defaultValue = "6433",
            description = "Collector port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-l", "--live"}, description = "Follow new matching events until interrupted.")
    boolean live;

    @Option(names = "--id", paramLabel = "REGEX", description = "Regular expression the id must contain a match of.")
    String id;

    @Option(names = {"-s", "--source"}, paramLabel = "REGEX", description = "Regular expression for the source.")
    String source;

    @Option(names = {"-a", "--after"}, paramLabel = "TIME", converter = TimeArgument.class,
            description = "Events at or after this time: epoch seconds or ISO-8601.")
    Instant after;

    @Option(names = {"-b", "--before"}, paramLabel = "TIME", converter = TimeArgument.class,
            description = "Events at or before this time: epoch seconds or ISO-8601.")
    Instant before;

    @Option(names = {"-c", "--content"}, paramLabel = "REGEX", description = "Regular expression for the content.")
    String content;

    @Option(names = {"-t", "--tags"}, paramLabel = "TAG", arity = "1..*",
            description = "Tags every event must carry.")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-o", "--order"}, paramLabel = "asc|desc", defaultValue = "asc",
            description = "Order by timestamp (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Print at most N events.")
    Long limit;

    @Option(names = {"-F", "--format"}, paramLabel = "FORMAT", defaultValue = EventFormatter.DEFAULT_FORMAT,
            description = "Line format with {id} {timestamp} {source} {tags} {content} (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-T", "--date-format"}, paramLabel = "FORMAT", defaultValue = DateFormats.DEFAULT,
            description = "Timestamp format, strftime-style or a Java pattern (default: ${DEFAULT-VALUE}).")
    String dateFormat;

    @Option(names = "--json", description = "Print one JSON object per line (for jq).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EventQuery query = query();
        EventFormatter formatter;
        try {
            formatter = new EventFormatter(format, DateFormats.parse(dateFormat), json, Terminal.colours());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (CollectorClient client = CollectorClient.of(host, port)) {
            if (live) {
                follow(client, query, formatter, out);
            } else {
                find(client, query, formatter, out);
            }
        }
        return 0;
    }

    private void find(CollectorClient client, EventQuery query, EventFormatter formatter, PrintWriter terminal)
            throws InterruptedException {
        // Buffered: the command line's own writer flushes at every line, a system call per event.
        PrintWriter out = new PrintWriter(new BufferedWriter(terminal, 1 << 16));
        try {
            client.find(query, event -> out.println(formatter.format(event))).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            out.flush();
        }
    }

    private void follow(CollectorClient client, EventQuery query, EventFormatter formatter, PrintWriter out)
            throws InterruptedException {
        SignalWaiter signals = new SignalWaiter();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        LiveListener printer = new LiveListener() {
            @Override
            public void onEvent(Event event) {
                out.println(formatter.format(event));
                out.flush();
            }

            @Override
            public void onDropped(long count) {
                spec.commandLine().getErr().println("theia: the collector dropped " + count
                        + " events because this client fell behind");
            }

            @Override
            public void onClosed(Throwable failure) {
                ended.set(failure);
                signals.stop();
            }
        };
        try (LiveStream stream = client.live(query, printer)) {
            signals.await();
        }
        Throwable failure = ended.get();
        if (failure != null) {
            throw new CollectorException("the live stream from " + client.uri() + " ended: " + failure.getMessage(),
                    failure);
        }
    }

    private EventQuery query() {
        try {
            EventQuery.Builder builder = EventQuery.builder().start(after).end(before).tags(tags).content(content)
                    .source(source).id(id).order(EventQuery.Order.parse(order));
            if (limit != null) {
                builder.limit(limit);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
