package io.theia.kafka;

import io.theia.api.source.EventForwarder;
import io.theia.api.source.EventForwarderFactory;
import org.pf4j.Extension;

/**
 * Makes the {@code kafka} forwarder ({@code forward.type: kafka}): an agent produces its events to a topic.
 * Configured by {@link KafkaForwarderConfig}. Stateless and thread-safe.
 */
@Extension
public final class KafkaForwarderFactory implements EventForwarderFactory<KafkaForwarderConfig> {

    /** The forward type in configuration. */
    public static final String TYPE = "kafka";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<KafkaForwarderConfig> configType() {
        return KafkaForwarderConfig.class;
    }

    @Override
    public EventForwarder create(KafkaForwarderConfig config) {
        return KafkaForwarder.start(config);
    }
}
