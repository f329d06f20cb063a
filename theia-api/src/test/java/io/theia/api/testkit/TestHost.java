package io.theia.api.testkit;

import io.theia.api.plugin.Host;
import java.time.Clock;

/**
 * A {@link Host} as the host process injects it into factories, for tests that construct a factory themselves:
 * {@code new MySourceFactory(TestHost.SYSTEM)}. Named {@value #NAME}. Immutable and thread-safe.
 *
 * @param hostName the host name, {@value #NAME} unless a test needs another
 * @param clock the clock
 */
public record TestHost(String hostName, Clock clock) implements Host {

    /** The host name of {@link #SYSTEM} and {@link #withClock(Clock)}. */
    public static final String NAME = "test-host";
    /** A host named {@value #NAME} with the UTC system clock. */
    public static final TestHost SYSTEM = withClock(Clock.systemUTC());

    /** A host named {@value #NAME} with this clock (a fixed one, say, for timestamps a test can predict). */
    public static TestHost withClock(Clock clock) {
        return new TestHost(NAME, clock);
    }
}
