package io.theia.core.internal.runtime;

import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.Provided;
import java.util.List;

/** A source factory with its bound configuration, ready to create the source. */
record SourceBinding<C>(Provided<EventSourceFactory<C>> factory, String name, String type, C config) {

    @SuppressWarnings("unchecked")
    static SourceBinding<?> bind(Provided<EventSourceFactory<?>> provided, Configuration configuration, int index,
            List<ConfigProblem> problems) {
        return bindTyped((Provided<EventSourceFactory<Object>>) (Provided<?>) provided, configuration, index,
                problems);
    }

    private static <C> SourceBinding<C> bindTyped(Provided<EventSourceFactory<C>> provided,
            Configuration configuration, int index, List<ConfigProblem> problems) {
        EventSourceFactory<C> factory = provided.extension();
        String owner = provided.owner() + " (source type " + factory.type() + ")";
        C config = configuration.bindSource(index, factory.configType(), owner, problems);
        return config == null ? null
                : new SourceBinding<>(provided, configuration.sourceName(index), factory.type(), config);
    }

    /** Creates the source, not yet started. */
    EventSource create(SourceContext context) {
        EventSource source = factory.extension().create(config, context);
        if (source == null) {
            throw new IllegalStateException(factory.owner() + " returned no source for type " + type);
        }
        return source;
    }
}
