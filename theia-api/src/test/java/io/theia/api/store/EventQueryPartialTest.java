package io.theia.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueryPartialTest {

    @Test
    void partialIsOffByDefaultAndPartOfTheQuerysEquality() {
        EventQuery strict = EventQuery.builder().content("door").build();
        EventQuery partial = strict.toBuilder().partial(true).build();

        assertThat(strict.partial()).isFalse();
        assertThat(partial.partial()).isTrue();
        assertThat(partial).isNotEqualTo(strict);
        assertThat(partial.toString()).contains("partial");
        assertThat(partial.toBuilder().build()).isEqualTo(partial);
    }

    @Test
    void noticesGoToTheConsumerKeptByToBuilderAndAreNotPartOfTheEquality() {
        List<PartialNotice> received = new ArrayList<>();
        EventQuery plain = EventQuery.builder().partial(true).build();
        EventQuery told = plain.toBuilder().noticesTo(received::add).build();
        PartialNotice notice = new PartialNotice(List.of("b:6433"), "peer collector b:6433 is unreachable");

        told.toBuilder().limit(3).build().report(notice);
        plain.report(notice);

        assertThat(received).containsExactly(notice);
        assertThat(told).isEqualTo(plain).hasSameHashCodeAs(plain);
    }

    @Test
    void aNoticeWithoutMissingPartsSaysComplete() {
        assertThat(new PartialNotice(List.of(), "peer collector b:6433 is back").complete()).isTrue();
        assertThat(new PartialNotice(List.of("b"), "down").complete()).isFalse();
        assertThatThrownBy(() -> new PartialNotice(List.of("b"), null)).isInstanceOf(NullPointerException.class);
    }
}
