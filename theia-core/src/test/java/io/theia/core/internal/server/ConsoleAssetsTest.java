package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's files read from the class path (this module's test resources stand in for theia-console). */
class ConsoleAssetsTest {

    private final ConsoleAssets assets = new ConsoleAssets(ConsoleAssetsTest.class.getClassLoader());

    @Test
    void aFileIsReadOnceWithAContentDerivedETag() {
        ConsoleAssets.Asset first = assets.find("app.js").orElseThrow();

        assertThat(assets.find("app.js")).containsSame(first);
        assertThat(first.contentType()).startsWith("text/javascript");
        assertThat(first.matches(first.etag())).isTrue();
        assertThat(first.matches("W/" + first.etag() + ", \"x\"")).isTrue();
        assertThat(first.matches("\"x\"")).isFalse();
        assertThat(assets.find("index.html").orElseThrow().etag()).isNotEqualTo(first.etag());
    }

    @Test
    void namesAskedForInVainAreNotKept() {
        for (int i = 0; i < 1000; i++) {
            assertThat(assets.find("missing-" + i + ".js")).isEmpty();
        }

        assertThat(assets.cached()).isZero();
    }

    @Test
    void onlyPlainFileNamesOfKnownTypesAreAssets() {
        assertThat(assets.find("../console/app.js")).isEmpty();
        assertThat(assets.find("sub/app.js")).isEmpty();
        assertThat(assets.find(".hidden.js")).isEmpty();
        assertThat(assets.find("ConsoleAssets.class")).isEmpty();
        assertThat(assets.find("app")).isEmpty();
    }
}
