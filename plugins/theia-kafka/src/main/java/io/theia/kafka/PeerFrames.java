package io.theia.kafka;

import io.theia.api.codec.EventReader;
import io.theia.api.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers a peer's WebSocket messages from their fragments: its text replies, and its binary messages, whose events
 * it decodes: one, or with the {@code theia-packed} subprotocol several (docs/protocol.md). For one listener's thread.
 */
final class PeerFrames {

    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    /** Adds a fragment of a text message; returns the whole message once its last fragment came, else null. */
    String addText(CharSequence data, boolean last) {
        text.append(data);
        if (!last) {
            return null;
        }
        String whole = text.toString();
        text.setLength(0);
        return whole;
    }

    /**
     * Adds a fragment; returns the message's events once its last fragment came, else none.
     *
     * @throws IOException or a {@link RuntimeException} of the codec when the message does not decode
     */
    List<Event> add(ByteBuffer data, boolean last) throws IOException {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        message.write(chunk, 0, chunk.length);
        if (!last) {
            return List.of();
        }
        byte[] frame = message.toByteArray();
        message.reset();
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.of(frame, 0, frame.length)) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        }
        return events;
    }
}
