package io.theia.core.internal.server;

import static io.theia.api.testkit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedEncodingsTest {

    private final EventWriter writer = new EventWriter();

    @Test
    void theSameEventInstanceIsEncodedOnceAndEveryEventGetsItsOwnBytes() {
        SharedEncodings encodings = new SharedEncodings(4);
        Event first = event("a", 1, "one", "web");

        byte[] bytes = encodings.encode(first, writer);

        assertThat(encodings.encode(first, writer)).isSameAs(bytes);
        assertThat(bytes).isEqualTo(writer.encodeToArray(first));
        // more events than slots: collisions re-encode, never hand out another event's bytes
        List<Event> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(event("e" + i, i, "content " + i));
        }
        for (int round = 0; round < 2; round++) {
            for (Event event : many) {
                assertThat(encodings.encode(event, writer)).isEqualTo(writer.encodeToArray(event));
            }
        }
        Event equalButOther = event("a", 1, "one", "web");
        assertThat(encodings.encode(equalButOther, writer)).isEqualTo(bytes);
    }
}
