package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileSourceConfigTest {

    @Test
    void defaults() {
        FileSourceConfig config = FileSourceConfig.ofPaths("/var/log/syslog");

        assertThat(config.directories()).isEmpty();
        assertThat(config.exclude()).isEmpty();
        assertThat(config.tags()).isEmpty();
        assertThat(config.startAt()).isEqualTo("end");
        assertThat(config.startAtBeginning()).isFalse();
        assertThat(config.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(config.multiline()).isNull();
        assertThat(config.maxLineBytes()).isEqualTo(1024 * 1024);
        assertThat(config.checkpointDir()).isNull();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.batchSize()).isEqualTo(1000);
        assertThat(config.batchDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.maxInFlight()).isEqualTo(4);
        assertThat(config.rotatedFileTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutPathsOrDirectoriesTheMessageSaysWhatIsMissing() {
        assertThatThrownBy(() -> new FileSourceConfig(null, List.of(), null, null, null, null, null, null, null, null,
                null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("paths / directories: give at least one file, glob or directory to follow");
    }

    @Test
    void everyBadValueIsReportedAtOnceNamingItsKey() {
        assertThatThrownBy(() -> new FileSourceConfig(List.of("/x.log"), null, null, List.of("a,b"), "middle",
                "UTF-16", null, 3, null, Duration.ZERO, 0, Duration.ofMillis(-1), 0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags: 'a,b' is not a valid tag")
                .hasMessageContaining("startAt: must be 'end' or 'beginning', not 'middle'")
                .hasMessageContaining("encoding: UTF-16 is not supported")
                .hasMessageContaining("maxLineBytes: must be at least 16, not 3")
                .hasMessageContaining("pollInterval: must be positive")
                .hasMessageContaining("batchSize: must be at least 1")
                .hasMessageContaining("batchDelay: must not be negative")
                .hasMessageContaining("maxInFlight: must be at least 1")
                .hasMessageContaining("rotatedFileTimeout: must be positive");
        assertThatThrownBy(() -> new FileSourceConfig(List.of("/x.log"), null, null, null, null, "klingon", null,
                null, null, null, null, null, null, null))
                .hasMessage("encoding: unknown character encoding 'klingon'");
    }

    @Test
    void multilineChecksItsPatternAndTimeout() {
        assertThat(new MultilineConfig("^\\d", null).timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new MultilineConfig("(unclosed", null))
                .hasMessageStartingWith("multiline.startPattern: not a valid regular expression");
        assertThatThrownBy(() -> new MultilineConfig("^x", Duration.ZERO))
                .hasMessage("multiline.timeout: must be positive, not PT0S");
    }
}
