package io.theia.launcher;

/** Whether standard output is a terminal that shows colours. */
final class Terminal {

    private Terminal() {
    }

    /** True on an interactive terminal, unless {@code NO_COLOR} is set or {@code TERM} is {@code dumb}. */
    static boolean colours() {
        return System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
