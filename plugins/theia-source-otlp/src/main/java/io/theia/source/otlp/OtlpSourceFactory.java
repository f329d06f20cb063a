package io.theia.source.otlp;

import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import org.pf4j.Extension;

/**
 * Makes {@code otlp} sources: OTLP/HTTP logs receivers. Configured by {@link OtlpSourceConfig}. Stateless and
 * thread-safe.
 */
@Extension
public final class OtlpSourceFactory implements EventSourceFactory<OtlpSourceConfig> {

    /** The source type in configuration. */
    public static final String TYPE = "otlp";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<OtlpSourceConfig> configType() {
        return OtlpSourceConfig.class;
    }

    @Override
    public EventSource create(OtlpSourceConfig config, SourceContext context) {
        return new OtlpSource(config, context);
    }
}
