package io.theia.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "12,             12, 0",
        "12.,            12, 0",
        "12.5,           12, 500000000",
        "12.25,          12, 250000000",
        "12.125,         12, 125000000",
        "12.0625,        12, 62500000",
        "12.03125,       12, 31250000",
        "12.015625,      12, 15625000",
        "1509989630.6749051, 1509989630, 674905100",
        "12.12345678,    12, 123456780",
        "12.123456789,   12, 123456789",
        "0.000000001,    0,  1",
        "0,              0,  0",
        "007.5,          7,  500000000",
        "253402300799.999999999, 253402300799, 999999999",
    })
    void parsesZeroToNineFractionDigitsExactly(String text, long seconds, int nanos) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.ofEpochSecond(seconds, nanos));
    }

    @Test
    void keepsPrecisionThatADoubleWouldLose() {
        // As a double, 1509989630.6749051 is 1509989630.674905061...: a round trip through double changes it.
        Instant parsed = Timestamps.parse("1509989630.6749051");

        assertThat(parsed.getNano()).isEqualTo(674_905_100);
        assertThat(Timestamps.parse("1700000000.000000001").getNano()).isEqualTo(1);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "abc", "12a", "1.2.3", " 12", "12 ", "+1", "1e9", ".5", "1,5", "0x10", "١٢"})
    void rejectsTextThatIsNotANumberOfSeconds(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse(text))
                .withMessage("timestamp '" + text + "' is not a number of seconds");
    }

    @Test
    void rejectsNegativeTimestampsBeforeTheEpoch() {
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse("-1.5"))
                .withMessage("timestamp '-1.5' is not a number of seconds");
    }

    @Test
    void rejectsMoreThanNineFractionDigits() {
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse("12.1234567890"))
                .withMessage("timestamp '12.1234567890' has more than 9 fraction digits");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"253402300800", "31556889864403200", "99999999999999999", "1234567890123456789",
        "1234567890123456789.5"})
    void rejectsTimestampsAfterTheYear9999(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parse(text))
                .withMessage("timestamp '" + text + "' is after the year 9999");
        assertThat(Timestamps.parse("253402300799.999999999")).isEqualTo(Timestamps.LATEST);
    }

    @Test
    void formatsWithSevenDigitsAsTheOriginalDid() {
        assertThat(Timestamps.format(Instant.ofEpochSecond(1509989630, 674_905_100))).isEqualTo("1509989630.6749051");
        assertThat(Timestamps.format(Instant.ofEpochSecond(1509989630))).isEqualTo("1509989630.0000000");
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("0.0000000");
        assertThat(Timestamps.format(Instant.ofEpochSecond(3, 100))).isEqualTo("3.0000001");
    }

    @Test
    void formatsNineDigitsRatherThanRoundAwayNanoseconds() {
        assertThat(Timestamps.format(Instant.ofEpochSecond(3, 1))).isEqualTo("3.000000001");
        assertThat(Timestamps.format(Instant.ofEpochSecond(3, 674_905_199))).isEqualTo("3.674905199");
    }

    @Test
    void refusesToFormatATimestampBeforeTheEpoch() {
        // Formatting epoch seconds and nanos separately wrote half a second before the epoch as "-1.5000000".
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Timestamps.format(Instant.ofEpochSecond(-1, 500_000_000)))
                .withMessage("timestamp 1969-12-31T23:59:59.500Z is before the epoch");
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.format(Instant.MIN));
    }

    @Test
    void parsesWhatItFormats() {
        SplittableRandom random = new SplittableRandom(20171106);
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong(Timestamps.LATEST.getEpochSecond() + 1);
            int nanos = random.nextBoolean() ? random.nextInt(1_000_000_000) : random.nextInt(10_000_000) * 100;
            Instant timestamp = Instant.ofEpochSecond(i % 2 == 0 ? seconds % 5_000_000_000L : seconds, nanos);

            String text = Timestamps.format(timestamp);

            assertThat(Timestamps.parse(text)).as(text).isEqualTo(timestamp);
            assertThat(text.length() - text.indexOf('.') - 1).as(text).isEqualTo(nanos % 100 == 0 ? 7 : 9);
        }
    }
}
