package io.theia.api.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes short header values that repeat from one event to the next (sources, tags) once: a small
 * direct-mapped cache from bytes to the string decoded from them, so that a reader hands out the same
 * {@code String} again instead of decoding and allocating a copy per event. Not thread-safe; one per reader.
 */
final class RepeatedText {

    private static final int SLOTS = 32;
    private static final int MAX_BYTES = 128;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The UTF-8 text of {@code bytes[from, to)}. */
    String text(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return "";
        }
        if (length > MAX_BYTES) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        int slot = (length * 31 + bytes[from] * 7 + bytes[to - 1] * 3 + bytes[from + length / 2]) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
            return values[slot];
        }
        String value = new String(bytes, from, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, from, to);
        values[slot] = value;
        return value;
    }
}
