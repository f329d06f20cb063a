package io.theia.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code theia} command: its subcommands do the work. */
@Command(name = "theia", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A lightweight, fast, reliable log and event aggregator.",
        subcommands = {CollectCommand.class, WatchCommand.class, QueryCommand.class, SimulateCommand.class,
            PluginsCommand.class, BenchCommand.class})
final class TheiaCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: say what to do, e.g. 'theia collect'");
    }
}
