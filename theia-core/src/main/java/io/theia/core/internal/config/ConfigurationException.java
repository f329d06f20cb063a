package io.theia.core.internal.config;

import io.theia.api.TheiaException;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; lists every problem found, each with its path and owner. */
public class ConfigurationException extends TheiaException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** An exception for one or more problems. */
    public ConfigurationException(String where, List<ConfigProblem> problems) {
        super(describe(where, problems));
        this.problems = List.copyOf(problems);
    }

    /** An exception for a configuration that could not be read at all. */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    /** Every problem found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(String where, List<ConfigProblem> problems) {
        String header = problems.size() == 1 ? "1 problem in " + where + ":" : problems.size() + " problems in " + where + ":";
        return problems.stream().map(problem -> "  - " + problem).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
