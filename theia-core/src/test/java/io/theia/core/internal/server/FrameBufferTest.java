package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameBufferTest {

    @Test
    void everyTakenFrameHoldsExactlyWhatWasWrittenSinceTheLastTakeAndStaysUnchangedByLaterWrites() {
        FrameBuffer buffer = new FrameBuffer(16);
        buffer.write(bytes("abc"), 0, 3);
        buffer.write('d');
        ByteBuffer small = buffer.take();
        buffer.write(bytes("0123456789abcdefghij"), 0, 20);
        ByteBuffer grown = buffer.take();
        buffer.write(bytes("XYZ"), 1, 2);
        ByteBuffer afterHandOver = buffer.take();
        buffer.write(bytes("overwrites?"), 0, 11);

        assertThat(text(small)).isEqualTo("abcd");
        assertThat(text(grown)).isEqualTo("0123456789abcdefghij");
        assertThat(text(afterHandOver)).isEqualTo("YZ");
        assertThat(buffer.size()).isEqualTo(11);
        assertThat(text(buffer.take())).isEqualTo("overwrites?");
        assertThat(buffer.size()).isZero();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new String(copy, StandardCharsets.US_ASCII);
    }
}
