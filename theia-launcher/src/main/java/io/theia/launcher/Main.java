package io.theia.launcher;

import io.theia.api.TheiaException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code theia} command's entry point. */
public final class Main {

    private Main() {
    }

    /** Runs a command and exits with its status: 0 done, 1 failed, 2 wrong usage. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit status, without exiting. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new TheiaCommand());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof TheiaException) {
                line.getErr().println("theia: " + exception.getMessage());
                return 1;
            }
            throw exception;
        });
        commandLine.setParameterExceptionHandler(Main::usageError);
        return commandLine.execute(args);
    }

    /** A usage error: the error and where help is, not the whole help again (that only for a missing command). */
    private static int usageError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandName() + ": " + error.getMessage());
        UnmatchedArgumentException.printSuggestions(error, err);
        if (command.getParent() == null && command.getParseResult() != null
                && !command.getParseResult().hasSubcommand()) {
            command.usage(err);
        } else {
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
