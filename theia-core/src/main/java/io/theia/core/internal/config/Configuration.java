package io.theia.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded configuration: the file (YAML or JSON), overridden by environment variables, overridden by flags.
 *
 * <p>The core's own sections are bound and checked when loading; the {@code store} section and the
 * {@code sources} entries are bound later, by {@link #bindStore} and {@link #bindSource}, once the plugin that
 * reads them is known. Binding collects problems into a list, so that every problem in the file is reported at
 * once. Immutable apart from the record of which flags were used; confine to one thread while starting.
 */
public final class Configuration {

    /** The store type that keeps nothing: events are only streamed live. */
    public static final String NO_STORE = "none";

    /** The built-in {@code forward.type}: a theia collector over the WebSocket protocol ({@link ForwardConfig}). */
    public static final String WEBSOCKET_FORWARD = "websocket";

    /** The store used when the configuration has no {@code store} section. */
    public static final String DEFAULT_STORE_TYPE = "naive";

    private static final String CORE = "theia core";
    private static final List<String> SECTION_KEYS = List.of("type", "name");

    private final String origin;
    private final TheiaConfig core;
    private final ObjectNode store;
    /** The {@code forward} section of a plugin's forwarder ({@code forward.type} other than websocket), or null. */
    private final ObjectNode pluginForward;
    private final SettingOverrides overrides;
    private final RecordBinder binder;

    private Configuration(String origin, TheiaConfig core, ObjectNode store, ObjectNode pluginForward,
            SettingOverrides overrides, RecordBinder binder) {
        this.origin = origin;
        this.core = core;
        this.store = store;
        this.pluginForward = pluginForward;
        this.overrides = overrides;
        this.binder = binder;
    }

    /**
     * Loads a configuration file, or the defaults when {@code file} is null.
     *
     * @param environment the process environment; {@code THEIA_} variables override the file
     * @param flags dotted setting paths to values, overriding the environment: text as on the command line (a
     *     list setting's text is split at commas), or a {@link java.util.Collection} of a list setting's items,
     *     taken as they are ({@link SettingOverrides})
     * @throws ConfigurationException naming the file and line when it cannot be read, or listing every problem
     *     of the core's sections
     */
    public static Configuration load(Path file, Map<String, String> environment, Map<String, ?> flags) {
        if (file == null) {
            return of(null, "the default configuration", environment, flags);
        }
        return of(readTree(file), "configuration file " + file, environment, flags);
    }

    /**
     * Reads a configuration file (YAML, or JSON by its {@code .json} ending) as a tree, for callers that add to it
     * before building the configuration with {@link #of}.
     *
     * @throws ConfigurationException naming the file, and the line when it is not valid YAML or JSON
     */
    public static JsonNode readTree(Path file) {
        boolean json = file.toString().endsWith(".json");
        ObjectMapper reader = json ? ConfigMappers.json() : ConfigMappers.yaml();
        try {
            return reader.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("configuration file " + file + " does not exist", e);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("configuration file " + file + " is not valid "
                    + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                            : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                                    + ")"), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A configuration from a tree (for embedding), overridden by environment and flags.
     *
     * @param tree the settings as a JSON tree; null or missing for the defaults
     * @param origin how to name the configuration in errors
     */
    public static Configuration of(JsonNode tree, String origin, Map<String, String> environment,
            Map<String, ?> flags) {
        ObjectMapper mapper = ConfigMappers.json();
        RecordBinder binder = new RecordBinder(mapper);
        SettingOverrides overrides = new SettingOverrides(environment, flags);
        List<ConfigProblem> problems = new ArrayList<>();
        if (tree != null && !tree.isMissingNode() && !tree.isNull() && !tree.isObject()) {
            problems.add(new ConfigProblem("(top level)", CORE, "expected a section with the keys "
                    + RecordBinder.keys(TheiaConfig.class)));
            throw new ConfigurationException(origin, problems);
        }
        ObjectNode root = tree instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
        root.set("server", overrides.apply("server", root.get("server"), ServerConfig.class, List.of()));
        root.set("forward", overrides.apply("forward", root.get("forward"), ForwardConfig.class, List.of("type")));
        ObjectNode pluginForward = pluginForward(root);
        root.set("plugins", overrides.apply("plugins", root.get("plugins"), PluginsConfig.class, List.of()));
        root.set("status", overrides.apply("status", root.get("status"), StatusConfig.class, List.of()));
        root.set("logging", overrides.apply("logging", root.get("logging"), LoggingConfig.class, List.of()));
        root.set("security", overrides.apply("security", root.get("security"), SecurityConfig.class, List.of()));
        boolean agent = pluginForward != null || isAgent(root.get("forward"));
        if (agent && root.get("server") instanceof ObjectNode server && !server.has("enabled")) {
            server.put("enabled", false);
        }
        String stateDir = overrides.topLevel("stateDir");
        if (stateDir != null) {
            root.put("stateDir", stateDir);
        }
        ObjectNode store = storeSection(root.get("store"), agent, problems);
        TheiaConfig core = binder.bind(root, TheiaConfig.class, "", CORE, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(origin, withOrigins(problems, overrides));
        }
        return new Configuration(origin, core, store, pluginForward, overrides, binder);
    }

    /**
     * Whether this is an agent's configuration ({@code forward.host} set): its sources forward to that collector,
     * and by default it keeps no store ({@code store.type: none}) and serves no API ({@code server.enabled: false}).
     */
    public boolean agent() {
        return core.forward().enabled() || pluginForward != null;
    }

    /**
     * The {@code forward.type} when a plugin's forwarder is configured (anything but {@value #WEBSOCKET_FORWARD}),
     * else empty: the agent then forwards to a collector as {@link ForwardConfig} says, or is no agent.
     */
    public Optional<String> forwarderType() {
        return pluginForward == null ? Optional.empty() : Optional.of(pluginForward.get("type").asText());
    }

    /**
     * Binds the {@code forward} section (without its {@code type}) to a plugin forwarder's configuration record.
     *
     * @return the record, or null when problems were added
     */
    public <C> C bindForwarder(Class<C> type, String owner, List<ConfigProblem> problems) {
        ObjectNode section = overrides.apply("forward", pluginForward, type, SECTION_KEYS);
        section.remove(SECTION_KEYS);
        return binder.bind(section, type, "forward", owner, problems);
    }

    /** The defaults, with no overrides: the naive store (in {@code ./data}, its own default), port 6433. */
    public static Configuration defaults() {
        return of(null, "the default configuration", Map.of(), Map.of());
    }

    /** How to name this configuration in errors, e.g. {@code configuration file theia.yaml}. */
    public String origin() {
        return origin;
    }

    /** The core's settings. */
    public TheiaConfig core() {
        return core;
    }

    /** The configured store type, or {@link #NO_STORE}. */
    public String storeType() {
        JsonNode type = overriddenStore().get("type");
        return type == null || type.isNull() ? DEFAULT_STORE_TYPE : type.asText();
    }

    /**
     * Binds the {@code store} section (without its {@code type}) to the store's configuration record.
     *
     * @return the record, or null when problems were added
     */
    public <C> C bindStore(Class<C> type, String owner, List<ConfigProblem> problems) {
        ObjectNode section = overrides.apply("store", chosenStoreSection(), type, SECTION_KEYS);
        section.remove(SECTION_KEYS);
        return binder.bind(section, type, "store", owner, problems);
    }

    /** How many sources are configured. */
    public int sourceCount() {
        return core.sources().size();
    }

    /** The type of the source at {@code index}, or null when it has none. */
    public String sourceType(int index) {
        JsonNode type = core.sources().get(index).get("type");
        return type == null || type.isNull() ? null : type.asText();
    }

    /** The name of the source at {@code index}: its {@code name} setting, or {@code <type>-<index>}. */
    public String sourceName(int index) {
        JsonNode name = core.sources().get(index).get("name");
        return name == null || name.isNull() ? sourceType(index) + "-" + index : name.asText();
    }

    /** The path of a source entry in problems, e.g. {@code sources[0]}. */
    public static String sourcePath(int index) {
        return "sources[" + index + "]";
    }

    /**
     * Binds the source entry at {@code index} (without {@code type} and {@code name}) to the source's
     * configuration record.
     *
     * @return the record, or null when problems were added
     */
    public <C> C bindSource(int index, Class<C> type, String owner, List<ConfigProblem> problems) {
        String path = sourcePath(index);
        JsonNode entry = core.sources().get(index);
        if (!entry.isObject()) {
            problems.add(new ConfigProblem(path, owner, "expected a section with 'type' and the source's settings"));
            return null;
        }
        ObjectNode section = overrides.apply(path, entry, type, SECTION_KEYS);
        section.remove(SECTION_KEYS);
        return binder.bind(section, type, path, owner, problems);
    }

    /** Problems for command-line settings that named no setting; call after every section is bound. */
    public List<ConfigProblem> unusedFlags() {
        return overrides.unusedFlags();
    }

    /** {@code THEIA_} environment variables that named no setting; call after every section is bound. */
    public List<String> unusedVariables() {
        return overrides.unusedVariables();
    }

    /**
     * The exception for problems found while binding this configuration's sections; each problem with a value
     * from the environment or the command line says so, since the file does not hold it.
     */
    public ConfigurationException problems(List<ConfigProblem> problems) {
        return new ConfigurationException(origin, withOrigins(problems, overrides));
    }

    private static List<ConfigProblem> withOrigins(List<ConfigProblem> problems, SettingOverrides overrides) {
        return problems.stream().map(problem -> {
            String from = overrides.originOf(problem.path());
            return from == null ? problem
                    : new ConfigProblem(problem.path(), problem.owner(), problem.message() + " (from " + from + ")");
        }).toList();
    }

    private ObjectNode overriddenStore() {
        return overrides.apply("store", store, NoSettings.class, SECTION_KEYS);
    }

    /**
     * The file's store section when the environment or flags keep its type; an empty one when they choose another
     * type, whose settings the file's section (say a naive store's {@code dataDir}) were never meant for.
     */
    private ObjectNode chosenStoreSection() {
        JsonNode fileType = store.get("type");
        String fileTypeName = fileType == null || fileType.isNull() ? DEFAULT_STORE_TYPE : fileType.asText();
        return fileTypeName.equals(storeType()) ? store : JsonNodeFactory.instance.objectNode();
    }

    /**
     * Takes the {@code forward} section out of the core's sections when its {@code type} names a plugin's forwarder,
     * and returns it; removes a {@code type: websocket} so that the rest binds to {@link ForwardConfig}.
     */
    private static ObjectNode pluginForward(ObjectNode root) {
        if (!(root.get("forward") instanceof ObjectNode forward)) {
            return null;
        }
        JsonNode type = forward.get("type");
        if (type == null || type.isNull() || WEBSOCKET_FORWARD.equals(type.asText())) {
            forward.remove("type");
            return null;
        }
        root.remove("forward");
        return forward;
    }

    /** Whether {@code forward.host} is set: the runtime is then an agent (see {@link ForwardConfig}). */
    private static boolean isAgent(JsonNode forward) {
        JsonNode host = forward == null ? null : forward.get("host");
        return host != null && host.isTextual() && !host.asText().isBlank();
    }

    private static ObjectNode storeSection(JsonNode section, boolean agent, List<ConfigProblem> problems) {
        if (section == null || section.isNull()) {
            // Only the type: the chosen store's own record supplies its defaults once the type is known.
            return JsonNodeFactory.instance.objectNode().put("type", agent ? NO_STORE : DEFAULT_STORE_TYPE);
        }
        if (!section.isObject()) {
            problems.add(new ConfigProblem("store", CORE, "expected a section with 'type' and the store's settings"));
            return JsonNodeFactory.instance.objectNode();
        }
        return (ObjectNode) section;
    }

    /** A record with no components, for reading only the keys every section has. */
    private record NoSettings() {
    }
}
