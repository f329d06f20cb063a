package io.theia.launcher;

import io.theia.core.internal.plugins.HostServices;
import io.theia.core.internal.plugins.PluginHost;
import io.theia.core.internal.plugins.PluginInfo;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code theia plugins}: lists the plugins with their state and what they provide. */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List plugins: id, version, state, extension types, and why failed ones failed.")
final class PluginsCommand implements Callable<Integer> {

    @Mixin
    RuntimeOptions runtimeOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginHost host = new PluginHost(runtimeOptions.load(Map.of()).core().plugins(), HostServices.defaults())) {
            host.start();
            out.printf("%-24s %-16s %-9s %s%n", "ID", "VERSION", "STATE", "EXTENSIONS");
            for (PluginInfo plugin : host.plugins()) {
                out.printf("%-24s %-16s %-9s %s%s%n", plugin.id(), plugin.version(), plugin.status(),
                        String.join(", ", plugin.extensions()),
                        plugin.failure().isPresent() ? "  failed: " + plugin.failureMessage() : "");
            }
            out.flush();
        }
        return 0;
    }
}
