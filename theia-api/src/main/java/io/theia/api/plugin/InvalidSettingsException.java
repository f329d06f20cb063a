package io.theia.api.plugin;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by a configuration record's constructor for values it refuses, naming each setting by its key, so that
 * the host reports every one at its full path ({@code store.batchSize}) together with the configuration's other
 * problems.
 *
 * <p>A record collects what is wrong with all of its values and throws once:
 *
 * <pre>{@code
 * List<InvalidSettingsException.Problem> problems = new ArrayList<>();
 * if (poolSize < 1) {
 *     problems.add(new InvalidSettingsException.Problem("poolSize", "must be at least 1, not " + poolSize));
 * }
 * InvalidSettingsException.throwIfAny(problems);
 * }</pre>
 *
 * Immutable.
 */
public class InvalidSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * One refused value.
     *
     * @param key the setting, relative to the record, dotted for nested records (e.g. {@code retention.maxAge})
     * @param reason what is wrong and what would be right, e.g. {@code must be at least 1, not 0}
     */
    public record Problem(String key, String reason) {
    }

    private final transient List<Problem> problems;

    /**
     * An exception for one or more refused values.
     *
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public InvalidSettingsException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Throws an {@link InvalidSettingsException} for the problems, if there are any. */
    public static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** Every refused value, in the order the record found them. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSettingsException needs at least one problem");
        }
        return problems.stream().map(problem -> problem.key() + ": " + problem.reason())
                .collect(Collectors.joining("; "));
    }
}
