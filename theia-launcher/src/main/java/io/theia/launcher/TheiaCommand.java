package io.theia.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code theia} command: its subcommands do the work. It takes the original CLI's global options before the
 * subcommand ({@code theia -H host -P port query …}): the collector's host and port for {@code query} and
 * {@code simulate}, the address to listen on for {@code collect}; a subcommand's own {@code -H}/{@code -P} win.
 */
@Command(name = "theia", versionProvider = VersionProvider.class,
        description = "A lightweight, fast, reliable log and event aggregator.",
        subcommands = {CollectCommand.class, WatchCommand.class, QueryCommand.class, SimulateCommand.class,
            PluginsCommand.class, BenchCommand.class, TokenCommand.class})
final class TheiaCommand implements Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "-v", "--version"}, versionHelp = true,
            description = "Print version information and exit (-v as in the original).")
    boolean version;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST",
            description = "As in the original, before the command: the collector's host for query and simulate, "
                    + "the address collect listens on.")
    String host;

    @Option(names = {"-P", "--port"}, paramLabel = "PORT",
            description = "As in the original, before the command: the collector's port for query and simulate, "
                    + "the port collect listens on.")
    Integer port;

    @Mixin
    LoggingOptions logging;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: say what to do, e.g. 'theia collect'");
    }

    /** The command's own value if given, else the global one before the command, else the default. */
    static <T> T either(T own, T global, T fallback) {
        return own != null ? own : global != null ? global : fallback;
    }
}
