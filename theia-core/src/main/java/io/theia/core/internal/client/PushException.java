package io.theia.core.internal.client;

/**
 * Why one pushed message did not complete, as a {@link Reason} to decide on (never the message text).
 */
public final class PushException extends CollectorException {

    private static final long serialVersionUID = 1L;

    /** What became of the message. */
    public enum Reason {
        /** The collector answered {@code {"error": …, "seq": N}} for it: nothing of it was stored. */
        REFUSED,
        /**
         * The collector refused it because one of its events is already stored (a resend of a message whose
         * acknowledgement was lost): its events did arrive.
         */
        ALREADY_STORED,
        /** One of its events is larger than a message may be: sending it again cannot help. */
        TOO_LARGE,
        /**
         * On an acknowledged connection the collector answered something that is not an acknowledgement of the
         * protocol (an empty text frame, as the original Python collector sends, or any other unexpected reply), so
         * it does not acknowledge. Nothing is known about whether the message was stored; every message still
         * outstanding on the connection fails with this reason and the connection is closed.
         */
        NOT_ACKNOWLEDGED,
        /** The connection failed or closed before the message completed. */
        CONNECTION
    }

    private final Reason reason;
    private final ReplyCode code;

    PushException(Reason reason, String message) {
        this(reason, null, message);
    }

    /** A refusal with the machine-readable {@code code} of the collector's reply (null when it gave none). */
    PushException(Reason reason, ReplyCode code, String message) {
        super(message);
        this.reason = reason;
        this.code = code;
    }

    PushException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = null;
    }

    /**
     * The {@code code} of the collector's refusal, e.g. {@link ReplyCode#RATE_LIMITED}; null when the reply had none
     * (the original collector) or one this client does not know.
     */
    public ReplyCode code() {
        return code;
    }

    /** What became of the message. */
    public Reason reason() {
        return reason;
    }

    /** Whether the collector answered this message in the acknowledgement protocol (refused it, one way or another). */
    public boolean answered() {
        return reason == Reason.REFUSED || reason == Reason.ALREADY_STORED;
    }
}
