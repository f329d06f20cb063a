package io.theia.core.internal.config;

import io.theia.api.plugin.InvalidSettingsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code security} section: who may use the collector and how much (see {@code docs/security.md}).
 *
 * @param tls TLS on the collector's port (default: none)
 * @param tokenFile the token file: one {@code NAME ROLES sha256:HEX} per line, as {@code theia token create} writes
 *     it. Absent: no authentication, every client may do everything (and a collector listening on more than the
 *     loopback address says so in a warning and in {@code /health})
 * @param ingestEventsPerSecond how many events per second one token may push to {@code /event}, with a burst of one
 *     second's worth (default 1,000,000); a message beyond it is refused with {@code code: rate_limited}
 * @param ingestBytesPerSecond how many message bytes per second one token may push (default 256 MiB), likewise
 */
public record SecurityConfig(TlsConfig tls, Path tokenFile, Long ingestEventsPerSecond, Long ingestBytesPerSecond) {

    /** Applies defaults and checks ranges. */
    public SecurityConfig {
        List<InvalidSettingsException.Problem> problems = new ArrayList<>();
        tls = tls == null ? TlsConfig.none() : tls;
        ingestEventsPerSecond = ingestEventsPerSecond == null ? 1_000_000L : ingestEventsPerSecond;
        if (ingestEventsPerSecond <= 0) {
            problems.add(new InvalidSettingsException.Problem("ingestEventsPerSecond", "must be positive, not "
                    + ingestEventsPerSecond));
        }
        ingestBytesPerSecond = ingestBytesPerSecond == null ? 256L * 1024 * 1024 : ingestBytesPerSecond;
        if (ingestBytesPerSecond <= 0) {
            problems.add(new InvalidSettingsException.Problem("ingestBytesPerSecond", "must be positive, not "
                    + ingestBytesPerSecond));
        }
        InvalidSettingsException.throwIfAny(problems);
    }

    /** No TLS, no tokens: everyone may do everything. */
    public static SecurityConfig none() {
        return new SecurityConfig(null, null, null, null);
    }

    /** Whether clients must present a token. */
    public boolean tokensRequired() {
        return tokenFile != null;
    }
}
