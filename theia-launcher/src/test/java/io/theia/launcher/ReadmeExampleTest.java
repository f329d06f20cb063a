package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example of the README compiles and runs as printed there. */
class ReadmeExampleTest {

    private static final String MARKER = "<!-- embedding-example -->";

    @TempDir
    Path dir;

    @Test
    void readmeEmbeddingExampleCompilesAndRuns() throws Exception {
        Path source = dir.resolve("src/EmbeddedTheia.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, example());
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, null, diagnostics, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        String printed = runMain(classes, dir.resolve("data"));

        assertThat(printed).contains("order 42 shipped");
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files.map(path -> path.getFileName().toString()).toList())
                    .anySatisfy(name -> assertThat(name).matches("\\d+-\\d+"));
        }
    }

    private static String example() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README has the marker " + MARKER).isPositive();
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private static String runMain(Path classes, Path dataDir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("EmbeddedTheia").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {dataDir.toString()});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
