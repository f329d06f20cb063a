package io.theia.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void globsLiteralsAndDirectoriesMinusExclusions() throws Exception {
        Path a = touch("logs/a.log");
        Path b = touch("logs/2024/01/b.log");
        touch("logs/2024/01/b.log.gz");
        Path c = touch("other/c.txt");
        Path d = touch("flat/d");
        touch("flat/sub/e");
        touch("state/checkpoints.tsv");
        Path literal = dir.resolve("missing/later.log");

        FileDiscovery discovery = new FileDiscovery(List.of(dir + "/logs/**/*.log*", dir + "/other/?.txt",
                literal.toString(), dir + "/state/*"), List.of(dir.resolve("flat")), List.of("*.gz"),
                dir.resolve("state"));
        FileDiscovery.Scan scan = discovery.scan();

        assertThat(scan.files()).containsExactlyInAnyOrder(a, b, c, d);
        assertThat(scan.directories()).contains(dir.resolve("logs"), dir.resolve("logs/2024/01"), dir.resolve("other"),
                dir.resolve("flat")).doesNotContain(dir.resolve("missing"), dir.resolve("flat/sub"));

        touch("missing/later.log");
        assertThat(discovery.scan().files()).contains(literal);
    }

    @Test
    void aGlobWithoutDoubleStarLooksOnlyAsDeepAsItsSegments() throws Exception {
        Path shallow = touch("x/one/app.log");
        touch("x/one/two/app.log");

        FileDiscovery discovery = new FileDiscovery(List.of(dir + "/x/*/app.log"), List.of(), List.of(),
                dir.resolve("state"));

        assertThat(discovery.scan().files()).containsExactly(shallow);
    }

    private Path touch(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x\n");
        return file;
    }
}
