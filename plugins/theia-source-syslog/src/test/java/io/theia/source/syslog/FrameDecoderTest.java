package io.theia.source.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP framing: detection, both framings, cutting, and framing that lies. */
class FrameDecoderTest {

    private final List<String> frames = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final FrameDecoder.FrameHandler handler = (bytes, length, truncated) ->
            frames.add(new String(bytes, 0, length, StandardCharsets.UTF_8) + (truncated ? " [cut]" : ""));

    private FrameDecoder decoder(int max) {
        return new FrameDecoder(max, problems::add);
    }

    private void feed(FrameDecoder decoder, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        decoder.feed(bytes, 0, bytes.length, handler);
    }

    @Test
    void lineFramingSplitsAtLineFeedsAcrossReadsAndSkipsEmptyLines() {
        FrameDecoder decoder = decoder(100);
        feed(decoder, "<13>one\n<13>tw");
        feed(decoder, "o\r\n\n<13>three");
        assertThat(frames).containsExactly("<13>one", "<13>two\r");
        decoder.finish(handler);
        assertThat(frames).containsExactly("<13>one", "<13>two\r", "<13>three");
        assertThat(problems).isEmpty();
    }

    @Test
    void octetCountingTakesExactlyTheCountedBytesEvenWithLineBreaksInside() {
        FrameDecoder decoder = decoder(100);
        feed(decoder, "9 <13>a\nb\nc5 <13>d");
        feed(decoder, "\n4 <1");
        feed(decoder, "3>");
        assertThat(frames).containsExactly("<13>a\nb\nc", "<13>d", "<13>");
        assertThat(problems).isEmpty();
    }

    @Test
    void anOverLongLineIsCutAndTheRestSkipped() {
        FrameDecoder decoder = decoder(8);
        feed(decoder, "<13>abcdefghijkl\n<13>ok\n");
        assertThat(frames).containsExactly("<13>abcd [cut]", "<13>ok");
    }

    @Test
    void anOverLongCountedMessageIsCutAndItsRestSkipped() {
        FrameDecoder decoder = decoder(8);
        feed(decoder, "16 <13>abcdefghijkl6 <13>ok");
        assertThat(frames).containsExactly("<13>abcd [cut]", "<13>ok");
    }

    @Test
    void aCountTooSmallTurnsTheConnectionToLineFramingSoTheRestStillArrives() {
        FrameDecoder decoder = decoder(100);
        feed(decoder, "6 <13>abcdef\n7 <13>xyz\n");
        assertThat(frames).containsExactly("<13>ab", "cdef", "7 <13>xyz");
        assertThat(problems).singleElement().asString().contains("expected an octet count");
    }

    @Test
    void aCountTooLargeSwallowsWhatFollowsAndIsHandedOverCutWhenTheConnectionEnds() {
        FrameDecoder decoder = decoder(100);
        feed(decoder, "50 <13>short5 <13>x");
        assertThat(frames).isEmpty();
        decoder.finish(handler);
        assertThat(frames).containsExactly("<13>short5 <13>x [cut]");
    }

    @Test
    void aCountWithTooManyDigitsIsNotACount() {
        FrameDecoder decoder = decoder(100);
        feed(decoder, "12345678901 <13>x\n");
        assertThat(frames).containsExactly("12345678901 <13>x");
        assertThat(problems).hasSize(1);
    }

    @Test
    void garbageIsLineFramed() {
        FrameDecoder decoder = decoder(100);
        feed(decoder, "\u0000\u0001garbage\nmore");
        decoder.finish(handler);
        assertThat(frames).containsExactly("\u0000\u0001garbage", "more");
    }
}
