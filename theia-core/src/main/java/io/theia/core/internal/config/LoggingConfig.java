package io.theia.core.internal.config;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code logging} section: how much the launcher logs, and how (it logs to standard error).
 *
 * @param level TRACE, DEBUG, INFO, WARN, ERROR or OFF (case ignored); null leaves it to {@code THEIA_LOG_LEVEL},
 *     else INFO. The launcher's {@code --verbose} and {@code --quiet} win over it.
 * @param format {@code text} (default) or {@code json}, one JSON object per line
 */
public record LoggingConfig(String level, String format) {

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** Checks the values and applies defaults. */
    public LoggingConfig {
        if (level != null) {
            level = level.strip().toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new IllegalArgumentException("level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, not '"
                        + level + "'");
            }
        }
        format = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("format must be text or json, not '" + format + "'");
        }
    }
}
