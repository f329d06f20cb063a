package io.theia.kafka;

import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.TheiaRuntime;
import java.nio.file.Path;
import java.util.Map;

/**
 * A collector (or agent) as its own process, for {@link ChildJvm}: {@code CollectorMain <config.yaml> <host name>}
 * starts the runtime the configuration describes, prints {@code READY port=<port>} ({@code -1} without a server)
 * and runs until its standard input ends, then closes the runtime.
 */
public final class CollectorMain {

    private CollectorMain() {
    }

    public static void main(String[] args) throws Exception {
        Configuration configuration = Configuration.load(Path.of(args[0]), Map.of(), Map.of());
        try (TheiaRuntime runtime = TheiaRuntime.start(configuration, HostServices.named(args[1]))) {
            int port = runtime.server().map(server -> server.port()).orElse(-1);
            System.out.println("READY port=" + port);
            System.out.flush();
            ChildJvm.awaitEndOfInput();
        }
        System.out.println("STOPPED");
        System.exit(0);
    }
}
