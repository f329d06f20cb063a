package io.theia.launcher;

import io.theia.api.TheiaException;
import java.io.PrintWriter;
import picocli.CommandLine;
import java.util.Set;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code theia} command's entry point. */
public final class Main {

    private Main() {
    }

    /** Runs a command and exits with its status: 0 done, 1 failed, 2 wrong usage. */
    public static void main(String[] args) {
        SignalWaiter.exit(run(args));
    }

    /** Runs a command and returns its exit status, without exiting. */
    public static int run(String... args) {
        TheiaCommand theia = new TheiaCommand();
        CommandLine commandLine = new CommandLine(theia);
        commandLine.setExecutionStrategy(parseResult -> {
            if (theia.logging.format != null && !theia.logging.format.equals("text")
                    && !theia.logging.format.equals("json")) {
                throw new ParameterException(parseResult.commandSpec().commandLine(),
                        "--log-format must be text or json, not '" + theia.logging.format + "'");
            }
            Logging.apply(theia.logging);
            checkGlobalOptions(theia, parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            // One clear line; the stack trace only with --verbose: a failure is the user's to read.
            if (Logging.verbose()) {
                exception.printStackTrace(line.getErr());
            }
            line.getErr().println("theia: " + describe(exception));
            line.getErr().flush();
            return 1;
        });
        commandLine.setParameterExceptionHandler(Main::usageError);
        return commandLine.execute(args);
    }

    /** The original's global -H/-P mean something to collect, query and simulate only: refused elsewhere. */
    private static void checkGlobalOptions(TheiaCommand theia, ParseResult parseResult) {
        if ((theia.host != null || theia.port != null) && parseResult.hasSubcommand()) {
            CommandLine sub = parseResult.subcommand().commandSpec().commandLine();
            if (!Set.of("collect", "query", "simulate").contains(sub.getCommandName())) {
                throw new ParameterException(sub, "-H/-P before the command are for collect, query and simulate"
                        + (sub.getCommandName().equals("watch") ? "; watch takes the collector as -c/--host HOST -p/--port PORT"
                        : ""));
            }
        }
    }

    /** What went wrong, in one line: our exceptions' messages say it; others get their type too. */
    static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().strip().replace('\n', ' ');
        if (failure instanceof TheiaException && !message.isEmpty()) {
            return message;
        }
        return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
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
