package io.theia.source.otlp;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import jakarta.inject.Inject;
import org.pf4j.Extension;

/**
 * Makes {@code otlp} sources: OTLP/HTTP logs receivers. Configured by {@link OtlpSourceConfig}. Stateless and
 * thread-safe.
 */
@Extension
public final class OtlpSourceFactory implements EventSourceFactory<OtlpSourceConfig> {

    /** The source type in configuration. */
    public static final String TYPE = "otlp";

    private final Host host;

    /** Creates the factory; the host injects itself, whose clock gives records without a time of their own one. */
    @Inject
    public OtlpSourceFactory(Host host) {
        this.host = host;
    }

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
        return new OtlpSource(config, context, host);
    }
}
