package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeArgumentTest {

    private static final Instant NOW = Instant.parse("2017-11-06T17:33:50Z");
    private final TimeArgument times = new TimeArgument(Clock.fixed(NOW, ZoneId.of("Europe/Berlin")));

    @Test
    void readsTimesRelativeToNow() {
        assertThat(times.convert("now")).isEqualTo(NOW);
        assertThat(times.convert("-15m")).isEqualTo(NOW.minusSeconds(900));
        assertThat(times.convert("now-1h")).isEqualTo(NOW.minusSeconds(3600));
        assertThat(times.convert("now+30s")).isEqualTo(NOW.plusSeconds(30));
        assertThat(times.convert("-1h30m")).isEqualTo(NOW.minusSeconds(5400));
        assertThat(times.convert("-2d")).isEqualTo(NOW.minusSeconds(2 * 86400));
        assertThat(times.convert("-1w")).isEqualTo(NOW.minusSeconds(7 * 86400));
        assertThat(times.convert("-1.5s")).isEqualTo(NOW.minusMillis(1500));
        assertThat(times.convert("-250ms")).isEqualTo(NOW.minusMillis(250));
    }

    @Test
    void sinceTakesADurationAgoOrAnyTime() {
        assertThat(times.since("1h")).isEqualTo(NOW.minusSeconds(3600));
        assertThat(times.since("now-2h")).isEqualTo(NOW.minusSeconds(7200));
        assertThat(times.since("2017-11-06")).isEqualTo(Instant.parse("2017-11-05T23:00:00Z"));
    }

    @Test
    void readsDatesInLocalTimeUnlessAZoneIsGiven() {
        assertThat(times.convert("2017-11-06")).isEqualTo(Instant.parse("2017-11-05T23:00:00Z"));
        assertThat(times.convert("2017-11-06 17:33:50")).isEqualTo(Instant.parse("2017-11-06T16:33:50Z"));
        assertThat(times.convert("2017-11-06 17:33:50.25")).isEqualTo(Instant.parse("2017-11-06T16:33:50.25Z"));
        assertThat(times.convert("2017-11-06T17:33:50")).isEqualTo(Instant.parse("2017-11-06T16:33:50Z"));
        assertThat(times.convert("2017-11-06T17:33:50Z")).isEqualTo(NOW);
        assertThat(times.convert("2017-11-06 17:33:50+02:00")).isEqualTo(Instant.parse("2017-11-06T15:33:50Z"));
    }

    @Test
    void readsSecondsSinceTheEpochAsTheOriginalDoes() {
        assertThat(times.convert("1509989630")).isEqualTo(Instant.ofEpochSecond(1509989630));
        assertThat(times.convert("1509989630.5")).isEqualTo(Instant.ofEpochSecond(1509989630, 500_000_000));
    }

    @Test
    void refusesWhatIsNoTime() {
        for (String nonsense : new String[] {"yesterday", "-15x", "now-", "2017-13-01", "15m"}) {
            assertThatThrownBy(() -> times.convert(nonsense)).as(nonsense)
                    .isInstanceOf(TypeConversionException.class).hasMessageContaining("is not a time");
        }
    }
}
