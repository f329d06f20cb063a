package io.theia.source.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.plugin.InvalidSettingsException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpSourceConfigTest {

    @Test
    void defaults() {
        OtlpSourceConfig config = new OtlpSourceConfig(null, null, null, null, null, null, null, null, null, null,
                null, null);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(4318);
        assertThat(config.sourceAttribute()).isEqualTo("service.name");
        assertThat(config.tags()).containsExactly("severity", "service.name");
        assertThat(config.attributesMode()).isEqualTo(OtlpSourceConfig.Attributes.CONTENT);
        assertThat(config.maxBodyBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.retryAfterSeconds()).isEqualTo("1");
        assertThat(config.token()).isNull();
    }

    @Test
    void everyInvalidValueIsReportedByItsKeyAtOnce() {
        assertThatThrownBy(() -> new OtlpSourceConfig("", 70_000, null, List.of(" "), "keep", 10, 10, 0,
                Duration.ZERO, Duration.ofSeconds(-1), 0, null))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.problems())
                        .extracting(InvalidSettingsException.Problem::key).containsExactly("port", "tags",
                                "attributes", "maxBodyBytes", "maxRecordBytes", "maxPendingRequests",
                                "deliveryTimeout", "retryAfter", "threads"));
    }

    @Test
    void theTokenStaysOutOfTheTextAndRetryAfterIsRoundedUpToWholeSeconds() {
        OtlpSourceConfig config = new OtlpSourceConfig(null, null, null, null, "DROP", null, null, null, null,
                Duration.ofMillis(1500), null, "s3cret");

        assertThat(config.toString()).doesNotContain("s3cret").contains("token=***");
        assertThat(config.retryAfterSeconds()).isEqualTo("2");
        assertThat(config.attributesMode()).isEqualTo(OtlpSourceConfig.Attributes.DROP);
    }
}
