package io.theia.source.exec;

import io.theia.api.TheiaException;
import io.theia.api.source.SourceContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of the command: the process, one thread reading its stdout and one its stderr. When both streams
 * have ended, the exit is logged. Thread-safe.
 */
final class CommandRun {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRun.class);
    /** How long a process may take to end after a polite request (SIGTERM) before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final SourceContext context;
    private final List<String> command;
    private final Process process;
    private final Thread stdout;
    private final Thread stderr;
    private final long startedNanos = System.nanoTime();
    private volatile boolean stopping;

    private CommandRun(SourceContext context, List<String> command, Process process, EventDelivery delivery) {
        this.context = context;
        this.command = command;
        this.process = process;
        this.stdout = LineReader.thread(context.name() + "-stdout", process.getInputStream(), delivery, false);
        this.stderr = LineReader.thread(context.name() + "-stderr", process.getErrorStream(), delivery, true);
    }

    /**
     * Starts the command and the threads reading its output.
     *
     * @throws TheiaException naming the source, the command and the directory when the command cannot run
     */
    static CommandRun start(ExecSourceConfig config, SourceContext context, EventDelivery delivery) {
        ProcessBuilder builder = new ProcessBuilder(config.command());
        if (config.workingDirectory() != null) {
            builder.directory(config.workingDirectory().toFile());
        }
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // The JDK's message reads "Cannot run program "x": error=2, No such file or directory"; say which
            // source and directory too, since that is what the person fixing the configuration needs.
            throw new TheiaException("exec source '" + context.name() + "': cannot run " + config.command()
                    + " in " + (config.workingDirectory() == null ? "the working directory"
                    : config.workingDirectory()) + ": " + e.getMessage(), e);
        }
        // Nothing is ever written to the command's input; closing it lets commands that read stdin finish.
        closeQuietly(process);
        CommandRun run = new CommandRun(context, config.command(), process, delivery);
        LOG.info("Source '{}': started {} (pid {})", context.name(), config.command(), process.pid());
        // The JDK watches the process for us; no thread of ours has to wait just to log the exit.
        process.onExit().thenRun(run::logExit);
        run.stdout.start();
        run.stderr.start();
        return run;
    }

    /** Waits until the process has exited and its output is read; false when interrupted. */
    boolean awaitEnd() {
        try {
            stdout.join();
            stderr.join();
            process.waitFor();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void logExit() {
        int exit = process.exitValue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        if (stopping) {
            LOG.info("Source '{}': {} stopped (exit {}) after {} ms", context.name(), command, exit, millis);
        } else if (exit == 0) {
            LOG.info("Source '{}': {} exited with 0 after {} ms", context.name(), command, millis);
        } else {
            LOG.warn("Source '{}': {} exited with {} after {} ms", context.name(), command, exit, millis);
        }
    }

    /**
     * Stops the process and everything it started, then the reading threads. Children are found before the
     * parent ends: once it has ended, they are no longer its descendants and would be left running.
     */
    void stop() {
        stopping = true;
        List<ProcessHandle> family = process.descendants().toList();
        family.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Source '{}': {} did not end within {} of SIGTERM; killing it", context.name(), command,
                        GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        // A reader may be blocked waiting for the sink (back-pressure); the interrupt ends that wait.
        stdout.interrupt();
        stderr.interrupt();
        join(stdout);
        join(stderr);
    }

    private void join(Thread thread) {
        try {
            thread.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the command already ended; nothing to tell it
        }
    }
}
