package io.theia.source.exec;

import io.theia.api.plugin.InvalidSettingsException;
import io.theia.api.plugin.Required;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of an {@code exec} source, as written in a {@code sources} entry of the configuration:
 *
 * <pre>{@code
 * sources:
 *   - type: exec
 *     name: disk-usage
 *     command: [df, -h]
 *     every: 5m
 *     tags: [disk]
 * }</pre>
 *
 * <p>Why a record: the host binds the entry to it with Jackson before the plugin is constructed, rejects keys that
 * are not components, and reports every problem of every source at once. The compact constructor is where the
 * plugin adds its own checks: it throws one {@link InvalidSettingsException} naming each bad key, and the host
 * reports each at its full path ({@code sources[2].every}) with the plugin, beside the configuration's other
 * problems.
 *
 * @param command the program and its arguments, run without a shell (write {@code [sh, -c, "a | b"]} for one)
 * @param every how often to run the command; absent: run it once and stream its output until it exits
 * @param tags tags added to every event (the host name is added after them)
 * @param workingDirectory where the command runs; absent: the host's working directory
 */
public record ExecSourceConfig(@Required List<String> command, Duration every, List<String> tags,
        Path workingDirectory) {

    /** Applies the defaults and checks every value, reporting all problems together. */
    public ExecSourceConfig {
        List<InvalidSettingsException.Problem> problems = new ArrayList<>();
        // @Required makes the host report a missing command; a record built in code can still pass null.
        command = command == null ? List.of() : List.copyOf(command);
        if (command.isEmpty() || command.get(0).isBlank()) {
            problems.add(new InvalidSettingsException.Problem("command",
                    "give the program to run and its arguments, e.g. [uptime] or [sh, -c, 'ls | wc']"));
        }
        if (every != null && (every.isZero() || every.isNegative())) {
            problems.add(new InvalidSettingsException.Problem("every", "must be positive, not " + every));
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        for (String tag : tags) {
            if (tag.isEmpty() || tag.contains(",") || tag.contains("\n") || tag.contains("\r")) {
                problems.add(new InvalidSettingsException.Problem("tags", "'" + tag + "' is not a valid tag (it must "
                        + "be non-empty, without ',' or line breaks)"));
            }
        }
        InvalidSettingsException.throwIfAny(problems);
    }

    /** Settings that run this command once, with no tags, in the working directory. */
    public static ExecSourceConfig once(String... command) {
        return new ExecSourceConfig(List.of(command), null, null, null);
    }
}
