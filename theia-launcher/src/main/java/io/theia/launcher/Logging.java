package io.theia.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets how much theia logs. The level comes from, first to last: {@code --verbose} (DEBUG) or {@code --quiet}
 * (ERROR), the environment variable {@code THEIA_LOG_LEVEL}, {@code logging.level} of the configuration file, INFO.
 */
final class Logging {

    private static volatile boolean verbose;

    private Logging() {
    }

    /** Applies the command-line options; called before the command runs. */
    static void apply(LoggingOptions options) {
        verbose = options.verbose;
        if (options.verbose) {
            setLevel(Level.DEBUG);
        } else if (options.quiet) {
            setLevel(Level.ERROR);
        }
    }

    /** Whether {@code --verbose} was given: failures then show their stack trace. */
    static boolean verbose() {
        return verbose;
    }

    private static void setLevel(Level level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }
}
