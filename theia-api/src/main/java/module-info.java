/**
 * The theia API: everything a plugin author codes against and nothing else.
 *
 * <ul>
 *   <li>{@link io.theia.api.event} the immutable {@code Event};</li>
 *   <li>{@link io.theia.api.codec} the theia wire and data-file format;</li>
 *   <li>{@link io.theia.api.store} queries, the {@code EventStore} SPI and its extension point;</li>
 *   <li>{@link io.theia.api.source} event sources, sinks and their extension point;</li>
 *   <li>{@link io.theia.api.plugin} what configuration records may declare.</li>
 * </ul>
 */
module io.theia.api {
    requires transitive org.pf4j;
    requires transitive jakarta.inject;
    // RE2/J implements TextPattern; none of its types is part of the API, so it is not transitive.
    requires re2j;

    exports io.theia.api;
    exports io.theia.api.event;
    exports io.theia.api.codec;
    exports io.theia.api.store;
    exports io.theia.api.source;
    exports io.theia.api.plugin;
}
