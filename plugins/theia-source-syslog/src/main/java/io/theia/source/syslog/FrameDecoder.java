package io.theia.source.syslog;

import java.util.function.Consumer;

/**
 * Splits the byte stream of one TCP connection into messages (RFC 6587). The framing is detected from the
 * connection's first byte: a digit means octet counting ({@code 25 <34>1 …}), anything else non-transparent
 * framing, one message per line.
 *
 * <p>Malformed framing never stops the connection:
 * <ul>
 *   <li>a message longer than {@code maxMessageBytes} is cut there and marked truncated; the rest is skipped;</li>
 *   <li>an octet count that is not digits and a space (for example because an earlier count was too small) turns
 *       the connection to line framing from there on, so that the rest still arrives, line by line;</li>
 *   <li>a count larger than what was sent swallows the following messages until the count is met; if the
 *       connection ends first, what arrived is a message marked truncated.</li>
 * </ul>
 * Not thread-safe: one decoder per connection, used by its reading thread.
 */
final class FrameDecoder {

    /** Receives each message: the buffer (valid up to {@code length}, reused afterwards) and whether it was cut. */
    interface FrameHandler {
        void frame(byte[] buffer, int length, boolean truncated);
    }

    private enum Mode { UNKNOWN, OCTET_COUNTING, LINES }

    /** A count of more digits than this is no count: 10^9 bytes is far beyond any maxMessageBytes. */
    private static final int MAX_COUNT_DIGITS = 9;

    private final int maxMessageBytes;
    private final Consumer<String> onFramingError;
    private final byte[] message;
    private final byte[] countBytes = new byte[MAX_COUNT_DIGITS];
    private Mode mode = Mode.UNKNOWN;
    private int length;
    private boolean truncated;
    /** Octet counting: the count being read. */
    private long count;
    private int countDigits;
    /** Octet counting: bytes of the current message still to come. */
    private long remaining;

    FrameDecoder(int maxMessageBytes, Consumer<String> onFramingError) {
        this.maxMessageBytes = maxMessageBytes;
        this.onFramingError = onFramingError;
        this.message = new byte[maxMessageBytes];
    }

    /** Feeds bytes that arrived; complete messages go to the handler. */
    void feed(byte[] bytes, int offset, int size, FrameHandler handler) {
        int end = offset + size;
        int at = offset;
        while (at < end) {
            if (mode == Mode.UNKNOWN) {
                mode = Character.isDigit(bytes[at]) ? Mode.OCTET_COUNTING : Mode.LINES;
            }
            at = mode == Mode.LINES ? lines(bytes, at, end, handler) : octets(bytes, at, end, handler);
        }
    }

    /** The connection ended: a message still being received is handed over as it is. */
    void finish(FrameHandler handler) {
        if (mode == Mode.OCTET_COUNTING && remaining > 0) {
            truncated = true;
            emit(handler);
        } else if (mode == Mode.OCTET_COUNTING && countDigits > 0) {
            append(countBytes, 0, countDigits);
            truncated = true;
            emit(handler);
        } else if (length > 0 || truncated) {
            emit(handler);
        }
    }

    private int lines(byte[] bytes, int at, int end, FrameHandler handler) {
        for (int i = at; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, at, i - at);
                emit(handler);
                return i + 1;
            }
        }
        append(bytes, at, end - at);
        return end;
    }

    private int octets(byte[] bytes, int at, int end, FrameHandler handler) {
        if (remaining > 0) {
            int take = (int) Math.min(remaining, end - at);
            append(bytes, at, take);
            remaining -= take;
            if (remaining == 0) {
                emit(handler);
            }
            return at + take;
        }
        byte b = bytes[at];
        if (countDigits == 0 && (b == '\n' || b == '\r' || b == ' ' || b == 0)) {
            return at + 1; // some senders end octet-counted messages with a line break too
        }
        if (b >= '0' && b <= '9' && countDigits < MAX_COUNT_DIGITS) {
            count = count * 10 + (b - '0');
            countBytes[countDigits++] = b;
            return at + 1;
        }
        if (b == ' ' && countDigits > 0) {
            remaining = count;
            count = 0;
            countDigits = 0;
            if (remaining == 0) {
                emit(handler);
            }
            return at + 1;
        }
        // Not "digits SP": the counts cannot be trusted any more. Keep the digits read so far and go on by lines.
        onFramingError.accept("expected an octet count, got byte " + (b & 0xFF) + " after '" + (countDigits > 0
                ? String.valueOf(count) : "") + "'; reading the rest of the connection line by line");
        append(countBytes, 0, countDigits);
        count = 0;
        countDigits = 0;
        mode = Mode.LINES;
        return at;
    }

    private void append(byte[] bytes, int from, int size) {
        int room = maxMessageBytes - length;
        if (size > room) {
            truncated = true;
        }
        int take = Math.min(size, room);
        System.arraycopy(bytes, from, message, length, take);
        length += take;
    }

    private void emit(FrameHandler handler) {
        int size = length;
        boolean cut = truncated;
        length = 0;
        truncated = false;
        if (size > 0 || cut) {
            handler.frame(message, size, cut);
        }
    }
}
