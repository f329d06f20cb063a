package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** A line as reported: text, end offset, split. */
    record Line(String text, long end, boolean split) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final LineSplitter.LineSink sink = (bytes, offset, length, end, split) ->
            lines.add(new Line(new String(bytes, offset, length, StandardCharsets.UTF_8), end, split));

    @Test
    void linesEndAtLfOrCrLfAndReportTheOffsetAfterTheirTerminator() {
        LineSplitter splitter = new LineSplitter(100, true);
        feed(splitter, "one\r\ntwo\n\nthree", 0);

        assertThat(lines).containsExactly(new Line("one", 5, false), new Line("two", 9, false), new Line("", 10, false));
        assertThat(splitter.hasPartial()).isTrue();
    }

    @Test
    void aLineCutAcrossChunksAnywhereComesOutWhole() {
        String text = "alpha\r\nbeta gamma\r\ndelta\n";
        for (int cut = 0; cut <= text.length(); cut++) {
            lines.clear();
            LineSplitter splitter = new LineSplitter(100, true);
            feed(splitter, text.substring(0, cut), 0);
            feed(splitter, text.substring(cut), cut);

            assertThat(lines).as("cut at %d", cut).containsExactly(new Line("alpha", 7, false),
                    new Line("beta gamma", 19, false), new Line("delta", 25, false));
        }
    }

    @Test
    void overLongLinesAreCutIntoPiecesAtTheLimit() {
        LineSplitter splitter = new LineSplitter(16, true);
        feed(splitter, "a".repeat(40) + "\n" + "b".repeat(16) + "\r\n" + "c".repeat(32) + "\n", 0);

        assertThat(lines).containsExactly(new Line("a".repeat(16), 16, true), new Line("a".repeat(16), 32, true),
                new Line("a".repeat(8), 41, true), new Line("b".repeat(16), 59, false),
                new Line("c".repeat(16), 75, true), new Line("c".repeat(16), 92, true));
    }

    @Test
    void aLineOfExactlyTheLimitEndedByCrLfInTheNextChunkIsNotSplit() {
        LineSplitter splitter = new LineSplitter(16, true);
        feed(splitter, "d".repeat(16) + "\r", 0);
        feed(splitter, "\nnext\n", 17);

        assertThat(lines).containsExactly(new Line("d".repeat(16), 18, false), new Line("next", 23, false));
    }

    @Test
    void utf8CharactersAreNeverCut() {
        LineSplitter splitter = new LineSplitter(16, true);
        feed(splitter, "\u00e9".repeat(9) + "\n", 0); // 18 bytes

        assertThat(lines).containsExactly(new Line("\u00e9".repeat(8), 16, true), new Line("\u00e9", 19, true));
    }

    @Test
    void aFlushedPartialLineIsReportedAndItsLateLineBreakDoesNotMakeAnEmptyLine() {
        LineSplitter splitter = new LineSplitter(100, true);
        feed(splitter, "partial\r", 0);
        splitter.flushPartial(sink);
        feed(splitter, "\nnext\n\n", 8);

        assertThat(lines).containsExactly(new Line("partial", 8, false), new Line("next", 14, false),
                new Line("", 15, false));
    }

    private void feed(LineSplitter splitter, String text, long offset) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, bytes.length, offset, sink);
    }
}
