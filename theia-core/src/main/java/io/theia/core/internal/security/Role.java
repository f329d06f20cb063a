package io.theia.core.internal.security;

import java.util.Locale;

/** What a token may do on a collector ({@code docs/security.md}); a token holds any set of them. */
public enum Role {
    /** Push events: {@code /event}. */
    INGEST,
    /** Read events: {@code /find} and {@code /live}. */
    QUERY,
    /** Read the collector's metrics ({@code /metrics}) and anything that changes its state. */
    ADMIN;

    /** The role's name as written in token files and on the command line, e.g. {@code ingest}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code label}, ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed roles
     */
    public static Role of(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label.strip() + "'; roles are ingest, query, admin");
    }
}
