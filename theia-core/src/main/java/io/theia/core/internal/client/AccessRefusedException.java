package io.theia.core.internal.client;

/**
 * The collector refused the connection for its token ({@code docs/security.md}): HTTP 401 (no token, or one it does
 * not know) or 403 (the token lacks the role the endpoint needs).
 */
public final class AccessRefusedException extends CollectorException {

    private static final long serialVersionUID = 1L;

    private final int status;

    AccessRefusedException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status: 401 or 403. */
    public int status() {
        return status;
    }

    /** Whether a token was missing or unknown (401), as opposed to lacking a role (403). */
    public boolean unauthorized() {
        return status == 401;
    }
}
