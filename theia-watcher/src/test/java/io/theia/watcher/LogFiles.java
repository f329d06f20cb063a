package io.theia.watcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Writes test log files. */
final class LogFiles {

    private LogFiles() {
    }

    /** Appends lines, each ending with \n, creating the file if needed. */
    static void append(Path file, List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        appendRaw(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends {@code count} lines {@code prefix-<i>} numbered from {@code from}; returns them. */
    static List<String> appendNumbered(Path file, String prefix, int from, int count) {
        List<String> lines = numbered(prefix, from, count);
        append(file, lines);
        return lines;
    }

    static List<String> numbered(String prefix, int from, int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            lines.add(prefix + "-" + i);
        }
        return lines;
    }

    static void appendRaw(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
