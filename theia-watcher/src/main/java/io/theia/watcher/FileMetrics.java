package io.theia.watcher;

import io.theia.api.source.SourceMetrics;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * What a {@code file} source reports at {@code /metrics}: lines and bytes read, and per followed file how many bytes
 * it is behind the file's end ({@code theia_source_file_lag_bytes{file=…}}). Thread-safe.
 */
final class FileMetrics {

    private final SourceMetrics metrics;
    private final SourceMetrics.Counter lines;
    private final SourceMetrics.Counter bytes;

    FileMetrics(SourceMetrics metrics) {
        this.metrics = metrics;
        this.lines = metrics.counter("lines_read_total", "Lines read from the source's files");
        this.bytes = metrics.counter("bytes_read_total", "Bytes read from the source's files");
    }

    void linesRead(long count) {
        lines.increment(count);
    }

    void bytesRead(long count) {
        bytes.increment(count);
    }

    /** Reports the lag of a followed file until the returned registration is closed. */
    SourceMetrics.Registration lag(Path file, DoubleSupplier bytesBehind) {
        return metrics.gauge("file_lag_bytes", "Bytes of the file not read yet", "file", file.toString(),
                bytesBehind);
    }
}
