package io.theia.core.internal.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;

/**
 * The Jackson mappers theia uses for configuration: strict (unknown keys fail) and with friendly durations. One of
 * each, shared: thread-safe once built; never reconfigure them.
 */
public final class ConfigMappers {

    private static final ObjectMapper JSON = buildJson();
    private static final ObjectMapper YAML = buildYaml();

    private ConfigMappers() {
    }

    /** The JSON mapper for binding configuration trees and for the host's services. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The YAML mapper for reading configuration files (JSON files read as well). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    private static ObjectMapper buildJson() {
        return JsonMapper.builder()
                .addModule(module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
    }

    private static ObjectMapper buildYaml() {
        return YAMLMapper.builder()
                .addModule(module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
    }

    private static SimpleModule module() {
        return new SimpleModule("theia-config").addDeserializer(Duration.class, new DurationDeserializer());
    }
}
