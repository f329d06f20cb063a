package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineAssemblerTest {

    record Record(String content, long end, boolean split) {
    }

    private final List<Record> records = new ArrayList<>();
    private final MultilineAssembler.RecordSink sink = (content, end, split) ->
            records.add(new Record(content, end, split));

    @Test
    void linesThatDoNotStartARecordAreAppendedToThePreviousOne() {
        MultilineAssembler assembler = new MultilineAssembler(Pattern.compile("^\\S"), 1000);
        add(assembler, "Exception: boom", 16);
        add(assembler, "  at x", 23);
        add(assembler, "  at y", 30);
        add(assembler, "next", 35);

        assertThat(records).containsExactly(new Record("Exception: boom\n  at x\n  at y", 30, false));
        assertThat(assembler.hasPending()).isTrue();
        assembler.flush(sink);
        assertThat(records).last().isEqualTo(new Record("next", 35, false));
    }

    @Test
    void aRecordThatWouldOutgrowTheLimitIsCutAndBothPartsAreMarkedSplit() {
        MultilineAssembler assembler = new MultilineAssembler(Pattern.compile("^START"), 20);
        add(assembler, "START 1234", 11);
        add(assembler, " 123456", 19);
        add(assembler, " 789", 24);
        add(assembler, "START again", 36);

        assertThat(records).containsExactly(new Record("START 1234\n 123456", 19, true),
                new Record(" 789", 24, true));
    }

    @Test
    void piecesOfAnOverLongLineStandAlone() {
        MultilineAssembler assembler = new MultilineAssembler(Pattern.compile("^START"), 20);
        add(assembler, "START", 6);
        assembler.add("x".repeat(20), 20, 26, true, sink);

        assertThat(records).containsExactly(new Record("START", 6, false), new Record("x".repeat(20), 26, true));
        assertThat(assembler.hasPending()).isFalse();
    }

    private void add(MultilineAssembler assembler, String line, long end) {
        assembler.add(line, line.length(), end, false, sink);
    }
}
