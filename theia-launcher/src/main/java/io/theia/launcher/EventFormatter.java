package io.theia.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns events into the lines {@code theia query} prints: a template in Python's {@code str.format} syntax with the
 * original's fields {@code {id} {timestamp} {source} {tags} {content}} (see {@link FormatTemplate}), or one JSON
 * object per line. Text lines show control characters as visible escapes ({@link ControlCharacters}) and leave out the
 * line ends content ends with; JSON lines are exact. Immutable, thread-safe.
 */
final class EventFormatter {

    /** The template used when none is given. */
    static final String DEFAULT_FORMAT = "{timestamp} [{source}] {tags}: {content}";

    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String CYAN = "\u001b[36m";
    private static final String YELLOW = "\u001b[33m";

    /** The fields a template may name, as the original's {@code query -F} offers them. */
    static final Set<String> FIELDS = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of("id", "timestamp", "source", "tags", "content")));

    private static final Map<String, String> COLOURS = Map.of("id", DIM, "timestamp", CYAN, "source", YELLOW);

    private final FormatTemplate template;
    private final DateTimeFormatter dates;
    private final boolean json;
    private final boolean colour;
    /** The JSON mapper of the command line's output (--json), shared by every formatter. */
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /**
     * A formatter.
     *
     * @throws IllegalArgumentException when the template names an unknown field or has a spec not supported
     */
    EventFormatter(String template, DateTimeFormatter dates, boolean json, boolean colour) {
        this.template = FormatTemplate.parse(template, FIELDS);
        this.dates = dates.withZone(ZoneId.systemDefault());
        this.json = json;
        this.colour = colour && !json;
    }

    String format(Event event) {
        return json ? toJson(event) : fill(event);
    }

    private String fill(Event event) {
        // Control characters are escaped (they could forge lines or drive the terminal), and the line end a
        // watched line may keep is dropped: the printed line has its own.
        Map<String, String> values = Map.of("id", ControlCharacters.escape(event.id()),
                "timestamp", dates.format(event.timestamp()),
                "source", ControlCharacters.escape(event.source()),
                "tags", ControlCharacters.escape(String.join(",", event.tags())),
                "content", ControlCharacters.escape(ControlCharacters.withoutTrailingLineEnds(event.content())));
        return template.render(values, this::paint);
    }

    private String paint(String field, String text) {
        String colourCode = COLOURS.get(field);
        return colour && colourCode != null ? colourCode + text + RESET : text;
    }

    private String toJson(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", event.id());
        node.put("timestamp", new BigDecimal(Timestamps.format(event.timestamp())));
        node.put("source", event.source());
        event.tags().forEach(node.putArray("tags")::add);
        if (event.tags().isEmpty()) {
            node.putArray("tags");
        }
        node.put("content", event.content());
        if (!event.headers().isEmpty()) {
            ObjectNode headers = node.putObject("headers");
            event.headers().forEach(headers::put);
        }
        return node.toString();
    }
}
