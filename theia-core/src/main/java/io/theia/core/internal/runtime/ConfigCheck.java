package io.theia.core.internal.runtime;

import io.theia.core.internal.config.ConfigProblem;
import io.theia.core.internal.config.Configuration;
import io.theia.core.internal.config.ConfigurationException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the configuration check both modes share: after a mode bound its own parts and the sources, every
 * problem found, with the flags that named no setting, is reported at once, before anything but the plugin host
 * has started.
 */
final class ConfigCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TheiaRuntime.class);

    private ConfigCheck() {
    }

    /**
     * Adds the unused flags to {@code problems} and throws them all; warns about environment variables that name
     * no setting.
     *
     * @throws ConfigurationException listing every problem, when there is one
     */
    static void finish(Configuration configuration, List<ConfigProblem> problems) {
        problems.addAll(configuration.unusedFlags());
        if (!problems.isEmpty()) {
            throw configuration.problems(problems);
        }
        configuration.unusedVariables().forEach(variable ->
                LOG.warn("Environment variable {} names no setting; it is ignored", variable));
    }

    /** The types a kind of extension has on offer, for a message about a type that none provides. */
    static String offered(String kind, String types) {
        return types.isEmpty() ? "no loaded plugin offers a " + kind + " type" : kind + " types on offer: " + types;
    }
}
