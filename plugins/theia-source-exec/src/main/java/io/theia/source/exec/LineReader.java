package io.theia.source.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of the command line by line and hands each line to the {@link EventDelivery}. Each
 * stream gets its own thread: reading both from one thread could deadlock, because a command blocks when the pipe
 * of the stream nobody reads fills up.
 */
final class LineReader implements Runnable {

    private final InputStream stream;
    private final EventDelivery delivery;
    private final boolean stderr;

    private LineReader(InputStream stream, EventDelivery delivery, boolean stderr) {
        this.stream = stream;
        this.delivery = delivery;
        this.stderr = stderr;
    }

    /** A daemon thread (it must never keep the JVM alive) reading this stream; not started yet. */
    static Thread thread(String name, InputStream stream, EventDelivery delivery, boolean stderr) {
        Thread thread = new Thread(new LineReader(stream, delivery, stderr), "theia-exec-" + name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void run() {
        // UTF-8 whatever the platform default, so that the same command gives the same events everywhere.
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!delivery.deliver(line, stderr)) {
                    return; // the source is closing
                }
            }
        } catch (IOException e) {
            // The stream is closed when the process is stopped; there is nothing left to read.
        }
    }
}
