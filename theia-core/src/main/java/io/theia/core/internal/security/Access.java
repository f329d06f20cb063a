package io.theia.core.internal.security;

import java.security.MessageDigest;
import java.util.List;

/**
 * Who may do what on a collector: open (no token file, everyone may do everything) or by bearer tokens from a
 * {@link TokenFile}. A presented token is hashed and compared with every known hash in constant time
 * ({@link MessageDigest#isEqual}, never stopping at the first match), so neither the comparison nor the position of a
 * token in the file shows in the time an answer takes. The token itself is never kept, logged or returned, only
 * its name. Immutable and thread-safe.
 */
public final class Access {

    private static final Access OPEN = new Access(null);

    private final List<TokenFile.Entry> entries;

    private Access(List<TokenFile.Entry> entries) {
        this.entries = entries;
    }

    /** No authentication: every request is granted, as {@link Decision.Granted#ANONYMOUS}. */
    public static Access open() {
        return OPEN;
    }

    /** Tokens from a token file (an empty file refuses everyone). */
    public static Access of(TokenFile tokens) {
        return new Access(tokens.entries());
    }

    /** Whether requests need a token. */
    public boolean required() {
        return entries != null;
    }

    /**
     * Whether {@code token} (null or empty when none was presented) may act in {@code role}.
     *
     * @return granted with the token's name; or refused: 401 with {@code unauthorized} when no token or an unknown
     *     one was presented, 403 with {@code forbidden} when the token lacks the role
     */
    public Decision decide(String token, Role role) {
        if (entries == null) {
            return Decision.Granted.ANONYMOUS;
        }
        if (token == null || token.isEmpty()) {
            return new Decision.Refused(401, Decision.UNAUTHORIZED, "a token is required: send it as "
                    + "'Authorization: Bearer <token>' (or ?token=)", null);
        }
        byte[] hash = TokenFile.hash(token);
        TokenFile.Entry found = null;
        for (TokenFile.Entry entry : entries) {
            // every entry is compared, whichever matches
            if (MessageDigest.isEqual(entry.hash(), hash) & found == null) {
                found = entry;
            }
        }
        if (found == null) {
            return new Decision.Refused(401, Decision.UNAUTHORIZED, "unknown token", null);
        }
        if (!found.roles().contains(role)) {
            return new Decision.Refused(403, Decision.FORBIDDEN, "the token '" + found.name()
                    + "' does not have the role " + role.label(), found.name());
        }
        return new Decision.Granted(found.name());
    }

    /** The answer to a request. */
    public sealed interface Decision {

        /** The {@code code} of a refusal for no or an unknown token (HTTP 401). */
        String UNAUTHORIZED = "unauthorized";
        /** The {@code code} of a refusal for a token without the needed role (HTTP 403). */
        String FORBIDDEN = "forbidden";

        /**
         * The request may go ahead.
         *
         * @param name the token's name; {@code null} for {@link #ANONYMOUS}
         */
        record Granted(String name) implements Decision {
            /** Granted without a token, by an open collector. */
            public static final Granted ANONYMOUS = new Granted(null);
        }

        /**
         * The request is refused.
         *
         * @param status the HTTP status: 401 or 403
         * @param code {@link #UNAUTHORIZED} or {@link #FORBIDDEN}
         * @param message what is wrong, without the token
         * @param name the token's name when it is known, else null
         */
        record Refused(int status, String code, String message, String name) implements Decision {
        }
    }
}
