package io.theia.launcher;

/**
 * What standard output and error are connected to. {@code bin/theia} tells, as the system properties
 * {@code theia.stdout.terminal} and {@code theia.stderr.terminal} ({@code test -t}); Java alone cannot tell about
 * standard error.
 */
final class Terminal {

    private Terminal() {
    }

    /** True on an interactive terminal, unless {@code NO_COLOR} is set or {@code TERM} is {@code dumb}. */
    static boolean colours() {
        return System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }

    /** Whether standard error is a terminal, where progress may be shown. */
    static boolean stderr() {
        return Boolean.getBoolean("theia.stderr.terminal") && !"dumb".equals(System.getenv("TERM"));
    }

    /** Whether standard error is a terminal and standard output is not: progress then never mixes with output. */
    static boolean stderrOnly() {
        return stderr() && !Boolean.getBoolean("theia.stdout.terminal");
    }
}
