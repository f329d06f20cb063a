package io.theia.api.testkit;

import io.theia.api.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Short ways to make events in tests. */
public final class TestEvents {

    /** A base time all helpers count from: 2017-11-06T17:33:50Z. */
    public static final long BASE_SECOND = 1_509_989_630L;

    private TestEvents() {
    }

    /** An event at {@code BASE_SECOND + second} (plus {@code nanos}), from source {@code /test}. */
    public static Event event(String id, long second, int nanos, String content, String... tags) {
        return new Event(id, Instant.ofEpochSecond(BASE_SECOND + second, nanos), "/test", List.of(tags), content);
    }

    /** An event at {@code BASE_SECOND + second}, from source {@code /test}. */
    public static Event event(String id, long second, String content, String... tags) {
        return event(id, second, 0, content, tags);
    }

    /** An event that uses every field: unicode, a multi-line content, extra headers. */
    public static Event richEvent(String id, long second) {
        return new Event(id, Instant.ofEpochSecond(BASE_SECOND + second, 674_905_100), "/dev/sensors/door1-sensor",
                List.of("sensors", "home", "dörs"),
                "Door has been unlocked\r\nevent: 1 2 3\nline three ✓ 𝄞\n",
                Map.of("x-host", "door-gw"));
    }
}
