package io.theia.launcher;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.core.internal.client.CollectorClient;
import io.theia.core.internal.client.CollectorFailedException;
import io.theia.core.internal.client.CollectorGroup;
import io.theia.core.internal.client.FindOutcome;
import io.theia.core.internal.client.MergeOptions;
import io.theia.core.internal.client.MergedFind;
import io.theia.core.internal.client.MergedLive;
import io.theia.core.internal.client.MergedLiveListener;
import io.theia.core.internal.client.MissingCollector;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code theia query}: finds stored events on a collector, or follows new ones live. */
@Command(name = "query", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Find events on a collector (or follow new ones with --live) and print them.")
final class QueryCommand implements Callable<Integer> {

    /** How soon a printed event reaches the terminal or pipe at the latest. */
    private static final long FLUSH_MILLIS = 100;

    @Option(names = {"-H", "--host", "--collector"}, paramLabel = "HOST[:PORT]", split = ",",
            description = "Collector host (default: theia's -H, else 127.0.0.1), with its port or -P's. Repeat it "
                    + "or give a comma-separated list to query several collectors: their results are merged in the "
                    + "stores' order.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--partial", description = "With several collectors: show what the others found when one "
            + "cannot be queried (a notice naming it goes to standard error) instead of failing.")
    boolean partial;

    @Option(names = {"-P", "-p", "--port"}, paramLabel = "PORT",
            description = "Collector port (default: theia's -P, else 6433).")
    Integer port;

    @Option(names = {"-l", "--live"}, description = "Follow new matching events until interrupted.")
    boolean live;

    @Option(names = "--id", paramLabel = "REGEX", description = "Regular expression the id must contain a match of.")
    String id;

    @Option(names = {"-s", "--source"}, paramLabel = "REGEX", description = "Regular expression for the source.")
    String source;

    @Option(names = {"-a", "--after"}, paramLabel = "TIME", converter = TimeArgument.class,
            description = "Events at or after this time: epoch seconds, 2017-11-06, '2017-11-06 17:33:50' (local "
                    + "time), ISO-8601, now, or relative: -15m, now-1h.")
    Instant after;

    @Option(names = {"-b", "--before"}, paramLabel = "TIME", converter = TimeArgument.class,
            description = "Events at or before this time, as -a takes it.")
    Instant before;

    @Option(names = "--since", paramLabel = "DURATION|TIME", converter = TimeArgument.Since.class,
            description = "Events of the last DURATION (15m, 1h, 2d) or since TIME: -a by another name.")
    Instant since;

    @Option(names = "--tail", paramLabel = "N",
            description = "Only the last N matching events (oldest first); with --live, then follow new ones.")
    Long tail;

    @Option(names = {"-c", "--content"}, paramLabel = "REGEX", description = "Regular expression for the content.")
    String content;

    @Option(names = {"-t", "--tags"}, paramLabel = "TAG", arity = "1..*",
            description = "Tags every event must carry.")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-o", "--order"}, paramLabel = "asc|desc", defaultValue = "asc",
            description = "Order by timestamp (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = {"-n", "--limit"}, paramLabel = "N",
            description = "Print at most N events, then end (with --live too).")
    Long limit;

    @Option(names = {"-F", "--format", "--format-output"}, paramLabel = "FORMAT", defaultValue = EventFormatter.DEFAULT_FORMAT,
            description = "Line format in Python's str.format syntax, as the original's: fields {id} {timestamp} "
                    + "{source} {tags} {content}, specs such as {source:10} {source:>20} {content:.50} "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-T", "--date-format", "--format-timestamp"}, paramLabel = "FORMAT", defaultValue = DateFormats.DEFAULT,
            description = "Timestamp format, strftime-style or a Java pattern (default: ${DEFAULT-VALUE}).")
    String dateFormat;

    @Option(names = "--json", description = "Print one JSON object per line (for jq).")
    boolean json;

    @Option(names = "--close-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Without --live: end the query after this many seconds without an event when the collector "
                    + "does not close the stream (the original Python collector never does); 0 waits for the close "
                    + "(default: ${DEFAULT-VALUE}). Unlike the original's option of this name, in seconds.")
    double closeTimeout;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Spec
    CommandSpec spec;

    @ParentCommand
    TheiaCommand theia;

    @Override
    public Integer call() throws Exception {
        if (since != null && after != null) {
            throw new ParameterException(spec.commandLine(), "Give -a/--after or --since, not both");
        }
        if (tail != null && tail < 1 || limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), (tail != null && tail < 1 ? "--tail" : "-n/--limit")
                    + " must be at least 1");
        }
        EventQuery query = query(order, limit);
        EventFormatter formatter;
        try {
            formatter = new EventFormatter(format, DateFormats.parse(dateFormat), json, Terminal.colours());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        int collectorPort = TheiaCommand.either(port, theia == null ? null : theia.port, 6433);
        List<URI> collectors = collectorAddresses(hosts.isEmpty()
                ? List.of(TheiaCommand.either(null, theia == null ? null : theia.host, "127.0.0.1")) : hosts,
                collectorPort);
        if (collectors.size() > 1) {
            return queryAll(collectors, query, formatter, out);
        }
        if (live) {
            try (CollectorGroup group = group(collectors)) {
                followAll(group, query, new Printer(out, formatter, limit), out);
            }
            return 0;
        }
        try (CollectorClient client = new CollectorClient(collectors.get(0), Duration.ofSeconds(10),
                clientOptions.security(System.getenv()))) {
            if (tail != null) {
                Printer printer = new Printer(out, formatter, limit);
                last(client).forEach(printer::print);
                out.flush();
                reportNothing(printer);
            } else {
                find(client, query, formatter, out);
            }
        }
        return 0;
    }

    /**
     * Prints each event as it comes (flushed within {@link #FLUSH_MILLIS}, not per event: a system call per event
     * would slow large results), until the collector closes the stream, the limit is reached, or nothing came for
     * {@code --close-timeout} seconds.
     */
    private void find(CollectorClient client, EventQuery query, EventFormatter formatter, PrintWriter terminal)
            throws InterruptedException {
        PrintWriter out = new PrintWriter(new BufferedWriter(terminal, 1 << 16));
        ScheduledExecutorService flusher = flusher(out);
        Printer printer = new Printer(out, formatter, limit);
        // Progress only when the results go elsewhere than the terminal, so that it never mixes with them.
        Progress progress = Terminal.stderrOnly() ? new Progress(spec.commandLine().getErr()) : null;
        try {
            search(client, query, event -> {
                printer.print(event);
                if (progress != null) {
                    progress.count("events found", printer.printed());
                }
            }, printer.max());
        } finally {
            flusher.shutdownNow();
            out.flush();
            if (progress != null) {
                progress.clear();
            }
        }
        reportNothing(printer);
    }

    /** Flushes {@code out} every {@link #FLUSH_MILLIS} until shut down. */
    private static ScheduledExecutorService flusher(PrintWriter out) {
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "theia-query-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(out::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        return flusher;
    }

    private void reportNothing(Printer printer) {
        if (printer.printed() == 0) {
            spec.commandLine().getErr().println("theia: no event matched");
        }
    }

    /**
     * Runs a search, handing each event to {@code each} (from the client's thread), until the collector closes the
     * stream, {@code max} events came (the original collector ignores "limit"), or nothing came for
     * {@code --close-timeout} seconds.
     */
    private void search(CollectorClient client, EventQuery query, Consumer<Event> each, long max)
            throws InterruptedException {
        AtomicLong received = new AtomicLong();
        CompletableFuture<FindOutcome> search = new CompletableFuture<>();
        Consumer<Event> counting = event -> {
            long number = received.incrementAndGet();
            if (number <= max) {
                each.accept(event);
            }
            if (number == max) {
                search.complete(new FindOutcome(number, true));
            }
        };
        try {
            CompletableFuture<FindOutcome> running = client.find(query, counting, idleTimeout());
            running.whenComplete((outcome, failure) -> {
                if (failure != null) {
                    search.completeExceptionally(failure);
                } else {
                    search.complete(outcome);
                }
            });
            FindOutcome outcome = search.get();
            running.cancel(false);
            if (!outcome.closedByCollector()) {
                spec.commandLine().getErr().printf("theia: no event for %s s and %s did not close the search (an "
                        + "original theia collector never does): ending. Raise --close-timeout if a slow search may "
                        + "pause longer.%n", BigDecimal.valueOf(closeTimeout).stripTrailingZeros().toPlainString(),
                        client.uri());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** The last {@code --tail} matching events, oldest first. */
    private List<Event> last(CollectorClient client) throws InterruptedException {
        List<Event> last = Collections.synchronizedList(new ArrayList<>());
        search(client, query("desc", tail), last::add, tail);
        List<Event> sorted = new ArrayList<>(last);
        // Oldest first; sorted here, as a collector may not sort globally (the original answers file by file).
        sorted.sort(Comparator.comparing(Event::timestamp));
        return sorted;
    }

    private Duration idleTimeout() {
        if (closeTimeout < 0 || Double.isNaN(closeTimeout)) {
            throw new ParameterException(spec.commandLine(), "--close-timeout must not be negative, not "
                    + closeTimeout);
        }
        // 0: wait for the collector to close, however long (a century is as good as forever here).
        return closeTimeout == 0 || closeTimeout > 3e9 ? Duration.ofDays(36_500)
                : Duration.ofNanos((long) (closeTimeout * 1e9));
    }

    /** The {@code -H/--collector} values as URIs, each once; a value without a port gets {@code defaultPort}. */
    private List<URI> collectorAddresses(List<String> values, int defaultPort) {
        List<URI> uris = new ArrayList<>();
        for (String value : values) {
            String address = value.strip();
            String collectorHost = address;
            int collectorPort = defaultPort;
            int colon = address.lastIndexOf(':');
            boolean bracketed = address.startsWith("[");
            if (colon > 0 && (bracketed ? address.indexOf(']') < colon : address.indexOf(':') == colon)) {
                collectorHost = address.substring(0, colon);
                try {
                    collectorPort = Integer.parseInt(address.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), "-H/--collector takes HOST[:PORT], not '" + value
                            + "'");
                }
            }
            if (bracketed && collectorHost.endsWith("]")) {
                collectorHost = collectorHost.substring(1, collectorHost.length() - 1);
            }
            if (collectorHost.isEmpty() || collectorPort < 0 || collectorPort > 65535) {
                throw new ParameterException(spec.commandLine(), "-H/--collector takes HOST[:PORT], not '" + value
                        + "'");
            }
            URI uri = CollectorClient.uri(clientOptions.tls(), collectorHost, collectorPort);
            if (!uris.contains(uri)) {
                uris.add(uri);
            }
        }
        return uris;
    }

    /**
     * Queries every collector of {@code uris} at once (the TLS and token options apply to each) through the client
     * library's {@link CollectorGroup}: results are merged as they stream in and printed as they are merged.
     */
    private int queryAll(List<URI> uris, EventQuery query, EventFormatter formatter, PrintWriter out)
            throws InterruptedException {
        MergeOptions options = new MergeOptions(partial, MergeOptions.DEFAULT_BUFFER_EVENTS, idleTimeout());
        try (CollectorGroup group = group(uris)) {
            if (live) {
                followAll(group, query, new Printer(out, formatter, limit), out);
            } else if (tail != null) {
                Printer printer = new Printer(out, formatter, limit);
                List<MissingCollector> missing = new ArrayList<>();
                group.last(query, tail, options, missing).forEach(printer::print);
                out.flush();
                missing.forEach(this::reportMissing);
                reportNothing(printer);
            } else {
                findAll(group, query, options, formatter, out);
            }
            return 0;
        }
    }

    private CollectorGroup group(List<URI> uris) {
        return new CollectorGroup(uris, Duration.ofSeconds(10), clientOptions.security(System.getenv()));
    }

    /** Prints the merged results as they come, flushed as {@link #find} does. */
    private void findAll(CollectorGroup group, EventQuery query, MergeOptions options, EventFormatter formatter,
            PrintWriter terminal) {
        PrintWriter buffered = new PrintWriter(new BufferedWriter(terminal, 1 << 16));
        Printer printer = new Printer(buffered, formatter, limit);
        ScheduledExecutorService flusher = flusher(buffered);
        Progress progress = Terminal.stderrOnly() ? new Progress(spec.commandLine().getErr()) : null;
        try (MergedFind found = group.find(query, options)) {
            while (found.hasNext() && printer.print(found.next())) {
                if (progress != null) {
                    progress.count("events found", printer.printed());
                }
            }
            buffered.flush();
            found.missing().forEach(this::reportMissing);
            found.endedIdle().forEach(this::reportUnclosed);
        } finally {
            flusher.shutdownNow();
            buffered.flush();
            if (progress != null) {
                progress.clear();
            }
        }
        reportNothing(printer);
    }

    private void reportMissing(MissingCollector notice) {
        spec.commandLine().getErr().println("theia: --partial: results without collector " + notice.collector()
                + (notice.eventsReceived() > 0 ? " after its first " + notice.eventsReceived() + " events" : "")
                + ": " + notice.failure().getMessage());
    }

    private void reportUnclosed(URI collector) {
        spec.commandLine().getErr().printf("theia: no event for %s s and %s did not close the search (an "
                + "original theia collector never does): ending. Raise --close-timeout if a slow search may "
                + "pause longer.%n", BigDecimal.valueOf(closeTimeout).stripTrailingZeros().toPlainString(),
                collector);
    }

    /**
     * Follows new events of every collector of {@code group} (one or several; {@link MergedLive}), printed as they
     * arrive from any of them, until interrupted, the limit is reached or every stream ended. With {@code --tail},
     * the last events of all of them together come first.
     */
    @SuppressWarnings("try") // the streams deliver while the command waits
    private void followAll(CollectorGroup group, EventQuery query, Printer printer, PrintWriter out)
            throws InterruptedException {
        try (SignalWaiter signals = new SignalWaiter()) {
            AtomicReference<CollectorFailedException> ended = new AtomicReference<>();
            MergedLiveListener listener = new MergedLiveListener() {
                @Override
                public void onEvent(Event event) {
                    if (!printer.print(event) || printer.printed() >= printer.max()) {
                        signals.stop();
                    }
                    out.flush();
                }

                @Override
                public void onDropped(URI collector, long count) {
                    spec.commandLine().getErr().println("theia: " + collector + " dropped " + count
                            + " events because this client fell behind");
                }

                @Override
                public void onCollectorEnded(URI collector) {
                    spec.commandLine().getErr().println("theia: " + collector
                            + " ended its live stream; following the others");
                }

                @Override
                public void onMissing(MissingCollector notice) {
                    spec.commandLine().getErr().println("theia: --partial: following without collector "
                            + notice.collector() + ": " + notice.failure().getMessage());
                }

                @Override
                public void onClosed(CollectorFailedException failure) {
                    ended.set(failure);
                    signals.stop();
                }
            };
            MergeOptions options = new MergeOptions(partial, MergeOptions.DEFAULT_BUFFER_EVENTS, idleTimeout());
            try (MergedLive following = group.live(query, tail == null ? 0 : tail, options, listener)) {
                signals.await();
            }
            out.flush();
            CollectorFailedException failure = ended.get();
            if (failure != null) {
                throw failure;
            }
        }
    }

    private EventQuery query(String order, Long max) {
        try {
            EventQuery.Builder builder = EventQuery.builder().start(after != null ? after : since).end(before)
                    .tags(tags).content(content).source(source).id(id).order(EventQuery.Order.parse(order));
            if (max != null) {
                builder.limit(max);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Prints events up to the limit and counts them. Callers serialize their calls. */
    private static final class Printer {
        private final PrintWriter out;
        private final EventFormatter formatter;
        private final long max;
        private long printed;

        Printer(PrintWriter out, EventFormatter formatter, Long limit) {
            this.out = out;
            this.formatter = formatter;
            this.max = limit == null ? Long.MAX_VALUE : limit;
        }

        /** Prints the event unless the limit is reached; false when it was. */
        synchronized boolean print(Event event) {
            if (printed >= max) {
                return false;
            }
            out.println(formatter.format(event));
            printed++;
            return true;
        }

        synchronized long printed() {
            return printed;
        }

        long max() {
            return max;
        }
    }
}
