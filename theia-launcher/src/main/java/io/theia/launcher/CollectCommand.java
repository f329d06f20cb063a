package io.theia.launcher;

import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code theia collect}: runs the collector until SIGINT or SIGTERM, then stops cleanly. */
@Command(name = "collect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the collector: receive events, store them, answer queries, stream them live.")
final class CollectCommand implements Callable<Integer> {

    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory of the naive store.")
    Path dataDir;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", description = "Address to listen on (default 127.0.0.1: only this machine; 0.0.0.0 for every "
            + "address, with TLS and tokens: docs/security.md).")
    String host;

    @Option(names = {"-P", "-p", "--port"}, paramLabel = "PORT", description = "Port to listen on (default 6433).")
    Integer port;

    @Option(names = "--live", description = "Keep nothing: only stream events to live subscribers.")
    boolean live;

    @Option(names = "--rdbs-store", description = "As in the original: store in a relational database, here the jdbc "
            + "store (PostgreSQL; its plugin is in the distribution), at -U's URL.")
    boolean rdbsStore;

    @Option(names = {"-U", "--db-url"}, paramLabel = "URL", description = "With --rdbs-store (or --store jdbc): the "
            + "database, as the original's SQLAlchemy URL postgresql://user:password@host:port/database or a JDBC "
            + "URL jdbc:postgresql://host:port/database.")
    String dbUrl;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Spec
    CommandSpec spec;

    @ParentCommand
    TheiaCommand theia;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (dataDir != null) {
            flags.put("store.dataDir", dataDir.toString());
        }
        String host = TheiaCommand.either(this.host, theia == null ? null : theia.host, null);
        Integer port = TheiaCommand.either(this.port, theia == null ? null : theia.port, null);
        if (host != null) {
            flags.put("server.host", host);
        }
        if (port != null) {
            flags.put("server.port", port.toString());
        }
        if (rdbsStore) {
            flags.put("store.type", "jdbc");
        }
        if (dbUrl != null) {
            if (!rdbsStore && !"jdbc".equals(runtimeOptions.store)) {
                throw new ParameterException(spec.commandLine(), "-U/--db-url is the jdbc store's database: add "
                        + "--rdbs-store (the original ignores -U without it)");
            }
            try {
                DatabaseUrl.toJdbcSettings(dbUrl).forEach((key, value) -> flags.put("store." + key, value));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (live) {
            flags.put("store.type", Configuration.NO_STORE);
        }
        try (SignalWaiter signals = new SignalWaiter();
                TheiaRuntime runtime = TheiaRuntime.start(runtimeOptions.load(flags), HostServices.defaults())) {
            PrintWriter out = spec.commandLine().getOut();
            String store = runtime.store().isPresent() ? "store " + runtime.configuration().storeType()
                    : "no store (live only)";
            String listening = runtime.configuration().core().server().host();
            runtime.server().ifPresentOrElse(
                    server -> out.println("theia collector listening on " + (isWildcard(listening)
                            ? "all addresses, port " + server.port() + " (" + server.uri() + " from this machine)"
                            : server.uri()) + ", " + store),
                    () -> out.println("theia running without a server, " + store));
            out.flush();
            signals.await();
        }
        return 0;
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
