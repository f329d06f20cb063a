package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example of the README compiles and runs as printed there, on the class path the README names and
 * nothing else: {@code theia-launcher} with what it brings (the distribution's {@code lib/}) and the
 * {@code theia-store-naive} plugin jar. It runs in a child JVM, as an application would.
 */
class ReadmeExampleIT {

    private static final String MARKER = "<!-- embedding-example -->";
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<artifactId>([\\w-]+)</artifactId>\\s*<version>([^<]+)</version>");

    @TempDir
    Path dir;

    @Test
    void readmeEmbeddingExampleRunsWithTheDependenciesTheReadmeNames() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Path distribution = distribution().toAbsolutePath();
        String version = distribution.getFileName().toString().substring("theia-".length());
        assertThat(dependencies(readme)).as("the README's dependencies, at this version")
                .containsExactly("theia-launcher:" + version, "theia-store-naive:" + version);
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> lib = Files.list(distribution.resolve("lib"))) {
            lib.map(Path::toString).sorted().forEach(classPath::add);
        }
        classPath.add(distribution.resolve("plugins/theia-store-naive-" + version + ".jar").toString());

        Path source = dir.resolve("src/EmbeddedTheia.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, example(readme));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, null, diagnostics, "-d", classes.toString(), "-cp",
                String.join(File.pathSeparator, classPath), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        classPath.add(0, classes.toString());

        Path output = dir.resolve("output.txt");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, classPath), "EmbeddedTheia", dir.resolve("data").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).as("the example ends").isTrue();
        String printed = Files.readString(output);

        assertThat(run.exitValue()).as(printed).isZero();
        assertThat(printed).contains("order 42 shipped")
                .doesNotContain("No plugins roots configured")
                .contains("Plugin theia-store-naive " + version + " STARTED");
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            assertThat(files.map(path -> path.getFileName().toString()).toList())
                    .anySatisfy(name -> assertThat(name).matches("\\d+-\\d+"));
        }
    }

    private static List<String> dependencies(String readme) {
        int start = readme.indexOf("```xml\n", readme.indexOf("## Embedding"));
        Matcher dependency = DEPENDENCY.matcher(readme.substring(start, readme.indexOf("```\n", start + 7)));
        List<String> found = new ArrayList<>();
        while (dependency.find()) {
            found.add(dependency.group(1) + ":" + dependency.group(2));
        }
        return found;
    }

    private static String example(String readme) {
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README has the marker " + MARKER).isPositive();
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private static Path distribution() throws IOException {
        try (Stream<Path> candidates = Files.list(Path.of("target"))) {
            return candidates.filter(path -> Files.isExecutable(path.resolve("bin/theia"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no distribution under target/: run mvn package"));
        }
    }
}
