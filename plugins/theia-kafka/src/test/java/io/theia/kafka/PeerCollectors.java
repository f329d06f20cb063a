package io.theia.kafka;

import io.theia.api.testkit.PluginArchive;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.CollectorRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real collectors on 127.0.0.1 with free ports, each with its own in-memory store, for the federated store. */
final class PeerCollectors implements AutoCloseable {

    private final List<CollectorRuntime> runtimes = new ArrayList<>();

    static PeerCollectors start(Path dir, int count) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginArchive.memoryStore().writeTo(plugins);
        PeerCollectors peers = new PeerCollectors();
        try {
            for (int i = 0; i < count; i++) {
                Path file = dir.resolve("collector-" + i + ".yaml");
                Files.writeString(file, "store: {type: memory}\nserver: {host: 127.0.0.1, port: 0}\nstateDir: "
                        + dir.resolve("state-" + i) + "\nplugins:\n  directories: [" + plugins + "]\n");
                peers.runtimes.add(CollectorRuntime.start(Configuration.load(file, Map.of(), Map.of()),
                        HostServices.named("collector-" + i)));
            }
        } catch (Exception | Error e) {
            peers.close();
            throw e;
        }
        return peers;
    }

    /** The collectors' addresses, {@code 127.0.0.1:port}. */
    List<String> addresses() {
        return runtimes.stream().map(runtime -> "127.0.0.1:" + runtime.server().orElseThrow().port()).toList();
    }

    CollectorRuntime get(int index) {
        return runtimes.get(index);
    }

    int size() {
        return runtimes.size();
    }

    @Override
    public void close() {
        runtimes.forEach(CollectorRuntime::close);
    }
}
