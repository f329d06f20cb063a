package io.theia.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.api.event.Event;
import io.theia.api.event.Timestamps;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Turns events into the lines {@code theia query} prints: a template with {@code {id} {timestamp} {source} {tags}
 * {content}}, or one JSON object per line. Immutable, thread-safe.
 */
final class EventFormatter {

    /** The template used when none is given. */
    static final String DEFAULT_FORMAT = "{timestamp} [{source}] {tags}: {content}";

    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String CYAN = "\u001b[36m";
    private static final String YELLOW = "\u001b[33m";

    private final String template;
    private final DateTimeFormatter dates;
    private final boolean json;
    private final boolean colour;
    private final ObjectMapper mapper = JsonMapper.builder().build();

    EventFormatter(String template, DateTimeFormatter dates, boolean json, boolean colour) {
        this.template = template;
        this.dates = dates.withZone(ZoneId.systemDefault());
        this.json = json;
        this.colour = colour && !json;
    }

    String format(Event event) {
        return json ? toJson(event) : fill(event);
    }

    private String fill(Event event) {
        return template
                .replace("{id}", paint(DIM, event.id()))
                .replace("{timestamp}", paint(CYAN, dates.format(event.timestamp())))
                .replace("{source}", paint(YELLOW, event.source()))
                .replace("{tags}", String.join(",", event.tags()))
                .replace("{content}", event.content());
    }

    private String paint(String colourCode, String text) {
        return colour ? colourCode + text + RESET : text;
    }

    private String toJson(Event event) {
        ObjectNode node = mapper.createObjectNode();
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
