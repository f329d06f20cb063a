package io.theia.source.syslog;

import io.theia.api.plugin.Host;
import io.theia.api.source.EventSource;
import io.theia.api.source.SourceContext;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code syslog} source: a UDP listener, a TCP listener, or both, delivering each message as an event (see
 * {@link SyslogEvents} for what an event holds). Start once, close once; thread-safe.
 */
public final class SyslogSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogSource.class);

    private final SyslogSourceConfig config;
    private final SourceContext context;
    private final Host host;
    private UdpListener udp;
    private TcpListener tcp;
    private boolean started;
    private boolean closed;

    SyslogSource(SyslogSourceConfig config, SourceContext context, Host host) {
        this.config = config;
        this.context = context;
        this.host = host;
    }

    @Override
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("syslog source '" + context.name() + "' was already started");
        }
        started = true;
        SyslogEvents events = new SyslogEvents(host.clock(), config.tags());
        try {
            if (config.udpAddress() != null) {
                udp = UdpListener.start(context.name(), config.udpAddress(), context.sink(), events,
                        config.maxMessageBytes());
                LOG.info("Source '{}': listening for syslog over UDP on {}", context.name(), udp.address());
            }
            if (config.tcpAddress() != null) {
                tcp = TcpListener.start(context.name(), config.tcpAddress(), context.sink(), events,
                        config.maxMessageBytes());
                LOG.info("Source '{}': listening for syslog over TCP on {}", context.name(), tcp.address());
            }
        } catch (RuntimeException e) {
            stopListeners();
            throw e;
        }
    }

    /** The UDP address listened on (with the real port when 0 was configured), or empty without UDP. */
    public synchronized Optional<InetSocketAddress> udpAddress() {
        return Optional.ofNullable(udp).map(UdpListener::address);
    }

    /** The TCP address listened on (with the real port when 0 was configured), or empty without TCP. */
    public synchronized Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcp).map(TcpListener::address);
    }

    /** How many UDP datagrams were dropped because the sink was too far behind. */
    public synchronized long droppedUdpMessages() {
        return udp == null ? 0 : udp.dropped();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopListeners();
    }

    private void stopListeners() {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
