package io.theia.core.internal.server;

import io.theia.api.codec.EventWriter;
import io.theia.api.event.Event;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The serialized bytes of recently published live events, shared by all {@code /live} subscribers, so that an
 * event going to ten subscribers is encoded about once instead of ten times.
 *
 * <p>A small direct-mapped cache keyed by the event's identity: the hub hands the same {@link Event} instance to
 * every subscriber, so a hit is an identity comparison. A collision only costs an encoding. The bytes are never
 * modified after they are made (frames wrap them read-only). Thread-safe without locks.
 */
final class SharedEncodings {

    private final AtomicReferenceArray<Encoded> slots;
    private final int mask;

    /** @param capacity slots, rounded up to a power of two */
    SharedEncodings(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** The event's serialized bytes, encoded with {@code writer} (the caller's own) unless already cached. */
    byte[] encode(Event event, EventWriter writer) {
        int slot = System.identityHashCode(event) & mask;
        Encoded cached = slots.get(slot);
        if (cached != null && cached.event() == event) {
            return cached.bytes();
        }
        byte[] bytes = writer.encodeToArray(event);
        slots.set(slot, new Encoded(event, bytes));
        return bytes;
    }

    private record Encoded(Event event, byte[] bytes) {
    }
}
