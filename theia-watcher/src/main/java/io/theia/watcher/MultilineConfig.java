package io.theia.watcher;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.theia.api.plugin.Required;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@code file} source joins lines into multi-line events, such as stack traces.
 *
 * <p>A line that matches {@code startPattern} starts a new event; any other line is appended (after a line
 * break) to the event before it. The last event of a file is complete when the next one starts, or once no new
 * line came for {@code timeout}; a partial last line (no line break yet) is included then too. Immutable.
 *
 * @param startPattern a regular expression (RE2 syntax, linear time) that finds the start of an event anywhere
 *     in a line; anchor it with {@code ^} to match at the line's start
 * @param timeout how long the last event waits for more lines (default 1s)
 */
public record MultilineConfig(@Required String startPattern, Duration timeout) {

    /** Applies the default timeout and checks the pattern. */
    public MultilineConfig {
        Objects.requireNonNull(startPattern, "multiline.startPattern: missing required value");
        try {
            Pattern.compile(startPattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("multiline.startPattern: not a valid regular expression: "
                    + e.getMessage());
        }
        timeout = timeout == null ? Duration.ofSeconds(1) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("multiline.timeout: must be positive, not " + timeout);
        }
    }

    /** The compiled {@link #startPattern}. */
    Pattern compiledStartPattern() {
        return Pattern.compile(startPattern);
    }
}
