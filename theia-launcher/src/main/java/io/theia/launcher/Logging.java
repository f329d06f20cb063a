package io.theia.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Appender;
import io.theia.core.internal.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Sets how much theia logs, and how, on standard error (the appender {@code stderr} of {@code logback.xml}).
 * The level comes from, first to last: {@code --verbose} (DEBUG) or {@code --quiet} (ERROR), the environment
 * variable {@code THEIA_LOG_LEVEL}, {@code logging.level} of the configuration, INFO. The format from
 * {@code --log-format}, else {@code logging.format}: text lines, or one JSON object per line (logback's
 * {@link JsonEncoder}).
 */
final class Logging {

    private static volatile boolean verbose;
    private static volatile boolean levelGiven;
    private static volatile boolean formatGiven;

    private Logging() {
    }

    /** Applies the command-line options; called before the command runs. */
    static void apply(LoggingOptions options) {
        verbose = options.verbose;
        levelGiven = options.verbose || options.quiet;
        if (options.verbose) {
            root().setLevel(Level.DEBUG);
        } else if (options.quiet) {
            root().setLevel(Level.ERROR);
        }
        formatGiven = options.format != null;
        if (formatGiven) {
            useFormat(options.format);
        }
    }

    /** Applies the configuration's {@code logging} section where neither the options nor the environment decide. */
    static void configure(LoggingConfig config) {
        String fromEnvironment = System.getenv("THEIA_LOG_LEVEL");
        if (!levelGiven && (fromEnvironment == null || fromEnvironment.isBlank()) && config.level() != null) {
            root().setLevel(Level.toLevel(config.level(), Level.INFO));
        }
        if (!formatGiven) {
            useFormat(config.format());
        }
    }

    /** Whether {@code --verbose} was given: failures then show their stack trace. */
    static boolean verbose() {
        return verbose;
    }

    private static void useFormat(String format) {
        boolean json = "json".equals(format);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender = root().getAppender("stderr");
        if (appender instanceof ConsoleAppender<ILoggingEvent> console
                && json != console.getEncoder() instanceof JsonEncoder) {
            if (!json) {
                return; // text is what logback.xml sets up
            }
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
