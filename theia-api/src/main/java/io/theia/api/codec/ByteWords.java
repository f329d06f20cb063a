package io.theia.api.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-array searches and comparisons eight bytes at a time, for the codec's short, hot scans. */
final class ByteWords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteWords() {
    }

    /**
     * Index of the first {@code wanted} byte in {@code bytes[from, to)}, or {@code to}. A byte of
     * {@code word ^ pattern} is zero where {@code wanted} is, and the lowest byte flagged by
     * {@code (x - 0x01..) & ~x & 0x80..} is the first zero byte of {@code x}.
     */
    static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        long pattern = (wanted & 0xffL) * LOW_BITS;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            long zeros = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    /** Whether {@code a} holds exactly the {@code length} bytes of {@code b} from {@code from}. */
    static boolean equal(byte[] a, byte[] b, int from, int length) {
        if (a.length != length) {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if ((long) LONGS.get(a, i) != (long) LONGS.get(b, from + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (a[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }
}
