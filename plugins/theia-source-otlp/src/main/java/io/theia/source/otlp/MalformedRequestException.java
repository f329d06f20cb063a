package io.theia.source.otlp;

/** A request body that is not an export request: answered 400 with the message. */
final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedRequestException(String message) {
        super(message);
    }

    MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
