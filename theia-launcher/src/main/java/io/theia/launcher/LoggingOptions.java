package io.theia.launcher;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How much theia logs, on standard error, and how: before or after the command (the original takes
 * {@code --verbose} before it, and {@code collect --verbose} after). See {@link Logging}.
 */
final class LoggingOptions {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log everything (DEBUG), and print the stack trace of a failure.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Log only errors.")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "text|json", scope = ScopeType.INHERIT,
            description = "Log lines as text, or as one JSON object per line (default: logging.format, else text).")
    String format;
}
