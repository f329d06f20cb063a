package io.theia.launcher;

import io.theia.api.TheiaException;
import picocli.CommandLine;

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
        return commandLine.execute(args);
    }
}
