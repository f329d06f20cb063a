package io.theia.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ForwardConfig;
import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.runtime.AgentRuntime;
import io.theia.core.internal.runtime.CollectorForwarding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code theia watch}: an agent that tails files and ships their lines to a collector, until SIGINT or SIGTERM.
 * It stores nothing itself and serves nothing: the files are the buffer, and checkpoints (under
 * {@code stateDir}) advance only when the collector acknowledged.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Tail files and send every line, as an event, to a collector.")
final class WatchCommand implements Callable<Integer> {

    @Option(names = {"-c", "--collector", "--collector-server", "-H", "--host"}, paramLabel = "HOST",
            description = "Collector host; required unless the configuration file sets forward.host.")
    String collector;

    @Option(names = {"-p", "-P", "--port", "--collector-port"}, paramLabel = "PORT",
            description = "Collector port (default: forward.port of the configuration file, else 6433).")
    Integer port;

    @Option(names = {"-f", "--files"}, paramLabel = "FILE", arity = "1..*",
            description = "Files or glob patterns (** too) to watch.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-d", "--directories", "--directory"}, paramLabel = "DIR", arity = "1..*",
            description = "Directories whose every file is watched.")
    List<Path> directories = new ArrayList<>();

    @Option(names = {"-t", "--tags"}, paramLabel = "TAG", arity = "1..*",
            description = "Tags for every event (the host name is always added).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--from-beginning", description = "Read files already there from their beginning, not their end.")
    boolean fromBeginning;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the runtime runs while the command waits; the body need not name it
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        if (collector != null) {
            flags.put("forward.host", collector);
        }
        if (port != null) {
            flags.put("forward.port", Integer.toString(port));
        }
        flags.putAll(clientOptions.forwardSettings(System.getenv()));
        // No store or server flags: an agent has neither by default, and asking for one is refused, not ignored.
        Configuration configuration = runtimeOptions.load(this::addFileSource, flags);
        if (!configuration.agent()) {
            throw new ParameterException(spec.commandLine(),
                    "Give the collector (-c HOST), or forward.host in the configuration file");
        }
        if (configuration.sourceCount() == 0) {
            throw new ParameterException(spec.commandLine(),
                    "Give files (-f) or directories (-d) to watch, or sources in the configuration file");
        }
        try (SignalWaiter signals = new SignalWaiter();
                AgentRuntime agent = AgentRuntime.start(configuration, HostServices.defaults())) {
            PrintWriter out = spec.commandLine().getOut();
            ForwardConfig forward = configuration.core().forward();
            out.println("theia watching " + String.join(", ", describeTargets(configuration)) + " for "
                    + (agent.forwarding() instanceof CollectorForwarding collector
                            ? collector.sink().collector().toString() : forward.host() + ":" + forward.port()));
            out.flush();
            signals.await();
        }
        return 0;
    }

    private void addFileSource(ObjectNode tree) {
        if (files.isEmpty() && directories.isEmpty()) {
            return;
        }
        ArrayNode sources = tree.has("sources") && tree.get("sources").isArray() ? (ArrayNode) tree.get("sources")
                : tree.putArray("sources");
        ObjectNode source = sources.addObject();
        source.put("type", "file");
        source.put("name", "watch");
        files.forEach(source.putArray("paths")::add);
        directories.forEach(directory -> source.withArray("directories").add(directory.toString()));
        tags.forEach(source.withArray("tags")::add);
        source.put("startAt", fromBeginning ? "beginning" : "end");
    }

    private List<String> describeTargets(Configuration configuration) {
        List<String> targets = new ArrayList<>(files);
        directories.forEach(directory -> targets.add(directory + "/"));
        if (targets.isEmpty()) {
            for (int i = 0; i < configuration.sourceCount(); i++) {
                targets.add(configuration.sourceName(i));
            }
        }
        return targets;
    }
}
