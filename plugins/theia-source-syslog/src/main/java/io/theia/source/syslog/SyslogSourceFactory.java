package io.theia.source.syslog;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.EventSourceFactory;
import io.theia.api.source.SourceContext;
import jakarta.inject.Inject;
import org.pf4j.Extension;

/**
 * Makes {@code syslog} sources: RFC 5424 and RFC 3164 messages received over UDP and TCP. Configured by
 * {@link SyslogSourceConfig}. Stateless and thread-safe.
 */
@Extension
public final class SyslogSourceFactory implements EventSourceFactory<SyslogSourceConfig> {

    /** The source type in configuration. */
    public static final String TYPE = "syslog";

    private final Host host;

    /** Creates the factory; the host injects itself, whose clock stamps each message with the time it arrived. */
    @Inject
    public SyslogSourceFactory(Host host) {
        this.host = host;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<SyslogSourceConfig> configType() {
        return SyslogSourceConfig.class;
    }

    @Override
    public EventSource create(SyslogSourceConfig config, SourceContext context) {
        return new SyslogSource(config, context, host);
    }
}
