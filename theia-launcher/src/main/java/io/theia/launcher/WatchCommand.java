package io.theia.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.theia.core.config.Configuration;
import io.theia.core.plugins.HostServices;
import io.theia.core.runtime.TheiaRuntime;
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

    @Option(names = {"-c", "--collector"}, paramLabel = "HOST", required = true, description = "Collector host.")
    String collector;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "6433",
            description = "Collector port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-f", "--files"}, paramLabel = "FILE", arity = "1..*",
            description = "Files or glob patterns (** too) to watch.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-d", "--directories"}, paramLabel = "DIR", arity = "1..*",
            description = "Directories whose every file is watched.")
    List<Path> directories = new ArrayList<>();

    @Option(names = {"-t", "--tags"}, paramLabel = "TAG", arity = "1..*",
            description = "Tags for every event (the host name is always added).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--from-beginning", description = "Read files already there from their beginning, not their end.")
    boolean fromBeginning;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty() && directories.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Give files (-f) or directories (-d) to watch");
        }
        SignalWaiter signals = new SignalWaiter();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("forward.host", collector);
        flags.put("forward.port", Integer.toString(port));
        flags.put("store.type", Configuration.NO_STORE);
        flags.put("server.enabled", "false");
        Configuration configuration = runtimeOptions.load(this::addFileSource, flags);
        try (TheiaRuntime runtime = TheiaRuntime.start(configuration, HostServices.defaults())) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("theia watching " + String.join(", ", describeTargets()) + " for " + collector + ":" + port);
            out.flush();
            signals.await();
        }
        return 0;
    }

    private void addFileSource(ObjectNode tree) {
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

    private List<String> describeTargets() {
        List<String> targets = new ArrayList<>(files);
        directories.forEach(directory -> targets.add(directory + "/"));
        return targets;
    }
}
