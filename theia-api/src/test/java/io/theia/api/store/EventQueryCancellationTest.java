package io.theia.api.store;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EventQueryCancellationTest {

    @Test
    void matchingThrowsOnceTheSignalIsSetWhetherOrNotTheEventMatches() {
        AtomicBoolean gone = new AtomicBoolean();
        EventQuery query = EventQuery.builder().content("door").cancelledWhen(gone::get).build();
        assertThat(query.matches(event("a", 1, "door"))).isTrue();
        assertThat(query.matches(event("b", 1, "window"))).isFalse();

        gone.set(true);

        assertThatThrownBy(() -> query.matches(event("c", 1, "window")))
                .isInstanceOf(SearchCancelledException.class);
        assertThatThrownBy(() -> query.toBuilder().build().matches(event("d", 1, "door")))
                .as("kept by toBuilder").isInstanceOf(SearchCancelledException.class);
    }

    @Test
    void theSignalIsNotPartOfTheQuerysEquality() {
        EventQuery plain = EventQuery.builder().content("door").build();
        EventQuery cancellable = plain.toBuilder().cancelledWhen(() -> true).build();

        assertThat(cancellable).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(cancellable.toString()).isEqualTo(plain.toString());
    }
}
