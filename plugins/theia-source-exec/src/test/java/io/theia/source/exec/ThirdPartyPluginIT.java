package io.theia.source.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.store.EventQuery;
import io.theia.api.testkit.PluginArchive;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/writing-plugins.md followed literally by a third party: outside this repository, with a version of its own.
 * A copy of the repository installs what the guide says into a fresh local Maven repository (which takes what it
 * lacks from the local repository of this build, then from Maven's usual repositories); a project made of the
 * guide's complete {@code pom.xml} and the exec source's classes and unit test builds with {@code mvn package};
 * the jar it makes loads into a runtime.
 */
class ThirdPartyPluginIT {

    private static final Path REPOSITORY = Path.of("..", "..").toAbsolutePath().normalize();
    private static final Path GUIDE = REPOSITORY.resolve("docs/writing-plugins.md");
    private static final Set<String> NOT_COPIED = Set.of("target", ".git", "node_modules", "data", "state");

    @TempDir
    Path dir;

    @Test
    void aPluginProjectOutsideTheRepositoryBuildsByFollowingTheGuide() throws Exception {
        String guide = Files.readString(GUIDE);
        Path settings = settings(dir.resolve("m2"));

        Path theia = copyOfTheRepository(dir.resolve("theia"));
        List<String> install = new ArrayList<>(List.of(block(guide, "**Get theia's artifacts first.**", "```\n")
                .strip().split(" +")));
        assertThat(install).startsWith("mvn", "-B", "install");
        install.addAll(1, List.of("-s", settings.toString(), "-q"));
        run(install, theia);

        Path project = Files.createDirectories(dir.resolve("my-source"));
        Files.writeString(project.resolve("pom.xml"), block(guide, "<!-- third-party-pom -->", "```xml\n"));
        copyTree(Path.of("src/main/java"), project.resolve("src/main/java"));
        Path test = project.resolve("src/test/java/io/theia/source/exec/ExecSourceTest.java");
        Files.createDirectories(test.getParent());
        Files.copy(Path.of("src/test/java/io/theia/source/exec/ExecSourceTest.java"), test);
        run(List.of("mvn", "-s", settings.toString(), "-B", "-q", "package"), project);

        Path jar = project.resolve("target/my-source-1.0.0.jar");
        try (JarFile archive = new JarFile(jar.toFile())) {
            Manifest manifest = archive.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Plugin-Id")).isEqualTo("my-source");
            assertThat(manifest.getMainAttributes().getValue("Plugin-Version")).isEqualTo("1.0.0");
            assertThat(archive.getEntry("META-INF/extensions.idx")).isNotNull();
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        PluginArchive.memoryStore().writeTo(plugins);
        Path config = Files.writeString(dir.resolve("theia.yaml"), "store: {type: memory}\nsources:\n"
                + "  - {type: exec, command: [echo, from a third party]}\nstateDir: " + dir.resolve("state")
                + "\nplugins: {directories: [" + plugins + "]}\n");
        try (TheiaRuntime runtime = TheiaRuntime.start(Configuration.load(config, Map.of(), Map.of()),
                HostServices.named("test-host"))) {
            assertThat(runtime.plugins()).anySatisfy(plugin -> {
                assertThat(plugin.id()).isEqualTo("my-source");
                assertThat(plugin.version()).isEqualTo("1.0.0");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (Stream<Event> events = runtime.store().orElseThrow().search(EventQuery.all())) {
                    assertThat(events.map(Event::content)).containsExactly("from a third party");
                }
            });
        }
    }

    /** A fresh local repository that falls back on this build's one, so that nothing is downloaded twice. */
    private Path settings(Path localRepository) throws IOException {
        String outer = Path.of(System.getProperty("theia.outer.repository",
                System.getProperty("user.home") + "/.m2/repository")).toUri().toString();
        String repository = "<id>this-build</id><url>" + outer + "</url>";
        return Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles><profile><id>this-build</id>
                    <repositories><repository>%s</repository></repositories>
                    <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>this-build</activeProfile></activeProfiles>
                </settings>
                """.formatted(localRepository, repository, repository));
    }

    /** The first fenced block after {@code marker} in the guide, whose opening fence is {@code fence}. */
    private static String block(String guide, String marker, String fence) {
        int at = guide.indexOf(marker);
        assertThat(at).as("the guide has " + marker).isNotNegative();
        int start = guide.indexOf(fence, at) + fence.length();
        return guide.substring(start, guide.indexOf("```", start));
    }

    private static Path copyOfTheRepository(Path target) throws IOException {
        copyTree(REPOSITORY, target);
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                if (!directory.equals(from) && NOT_COPIED.contains(directory.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(directory).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run(List<String> command, Path workingDirectory) throws Exception {
        Path log = Files.createTempFile(dir, "mvn", ".log");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended && process.exitValue() == 0).as(String.join(" ", command) + " in " + workingDirectory
                + ":\n" + Files.readString(log, StandardCharsets.UTF_8)).isTrue();
    }
}
