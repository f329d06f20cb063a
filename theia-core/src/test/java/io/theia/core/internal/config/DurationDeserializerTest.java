package io.theia.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationDeserializerTest {

    @ParameterizedTest
    @CsvSource({"250ms,PT0.25S", "1s,PT1S", "1.5s,PT1.5S", "5m,PT5M", "2h,PT2H", "7d,PT168H", "3,PT3S",
            "PT10S,PT10S", "0,PT0S"})
    void readsDurationsAsPeopleWriteThem(String text, String expected) {
        assertThat(DurationDeserializer.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void jsonNumbersAreSeconds() throws Exception {
        assertThat(ConfigMappers.json().readValue("1.5", Duration.class)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsUnknownUnits() {
        assertThatThrownBy(() -> DurationDeserializer.parse("5 weeks")).isInstanceOf(IllegalArgumentException.class);
    }
}
