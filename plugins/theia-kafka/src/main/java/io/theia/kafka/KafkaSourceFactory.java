package io.theia.kafka;

import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import org.pf4j.Extension;

/**
 * Makes {@code kafka} sources: a collector consumes events from a topic as a member of a consumer group. Configured
 * by {@link KafkaSourceConfig}. Stateless and thread-safe.
 */
@Extension
public final class KafkaSourceFactory implements EventSourceFactory<KafkaSourceConfig> {

    /** The source type in configuration. */
    public static final String TYPE = "kafka";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<KafkaSourceConfig> configType() {
        return KafkaSourceConfig.class;
    }

    @Override
    public EventSource create(KafkaSourceConfig config, SourceContext context) {
        return new KafkaSource(config, context);
    }
}
