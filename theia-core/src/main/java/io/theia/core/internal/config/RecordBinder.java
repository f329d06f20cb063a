package io.theia.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.plugin.InvalidSettingsException;
import io.theia.api.plugin.Required;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a configuration tree to a record, collecting every problem (unknown keys, wrong types, missing required
 * values, the record's own validation) instead of stopping at the first. Thread-safe.
 */
final class RecordBinder {

    private final ObjectMapper mapper;

    RecordBinder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Binds {@code node} to {@code type}; returns null and adds to {@code problems} when anything is wrong. */
    <T> T bind(JsonNode node, Class<T> type, String path, String owner, List<ConfigProblem> problems) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException("configuration type " + type.getName() + " of " + owner
                    + " must be a record");
        }
        if (node != null && !node.isNull() && !node.isObject()) {
            problems.add(new ConfigProblem(path, owner, "expected a section with the keys " + keys(type)
                    + ", got " + describe(node)));
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        int before = problems.size();
        if (node != null) {
            Set<String> allowed = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    problems.add(new ConfigProblem(join(path, name), owner,
                            "unknown key '" + name + "'; allowed keys: " + keys(type)));
                }
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = bindComponent(components[i], node == null ? null : node.get(components[i].getName()), path,
                    owner, problems);
        }
        Construction<T> construction = construct(type, components, values, path, owner);
        if (problems.size() > before) {
            // The record still judges the values that did bind, so that its refusals come with the other problems.
            List<ConfigProblem> found = List.copyOf(problems.subList(before, problems.size()));
            construction.refusals().stream()
                    .filter(refusal -> found.stream().noneMatch(problem -> problem.path().equals(refusal.path())))
                    .forEach(problems::add);
            return null;
        }
        problems.addAll(construction.refusals());
        construction.failure().ifPresent(problems::add);
        return construction.record();
    }

    /**
     * What constructing a record gave: the record, or the values it refused by name
     * ({@link InvalidSettingsException}), or another failure, reported at the record's path.
     */
    private record Construction<T>(T record, List<ConfigProblem> refusals, Optional<ConfigProblem> failure) {
    }

    private Object bindComponent(RecordComponent component, JsonNode value, String path, String owner,
            List<ConfigProblem> problems) {
        String componentPath = join(path, component.getName());
        Class<?> type = component.getType();
        if (value == null || value.isNull()) {
            if (component.isAnnotationPresent(Required.class)) {
                problems.add(new ConfigProblem(componentPath, owner, "missing required value (" + kind(
                        component.getGenericType()) + ")"));
            }
            return defaultValue(type);
        }
        if (type.isRecord()) {
            return bind(value, type, componentPath, owner, problems);
        }
        try {
            return mapper.convertValue(value, mapper.constructType(component.getGenericType()));
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(componentPath, owner,
                    "expected " + kind(component.getGenericType()) + ", got " + describe(value)));
            return null;
        }
    }

    private static <T> Construction<T> construct(Class<T> type, RecordComponent[] components, Object[] values,
            String path, String owner) {
        try {
            Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<T> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return new Construction<>(constructor.newInstance(values), List.of(), Optional.empty());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidSettingsException invalid) {
                return new Construction<>(null, invalid.problems().stream().map(problem ->
                        new ConfigProblem(join(path, problem.key()), owner, problem.reason())).toList(),
                        Optional.empty());
            }
            return new Construction<>(null, List.of(), Optional.of(new ConfigProblem(path.isEmpty() ? "(top level)"
                    : path, owner, cause.getMessage() == null ? cause.toString() : cause.getMessage())));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct configuration record " + type.getName(), e);
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == float.class) {
            return 0.0f;
        }
        return type == int.class ? 0 : type == short.class ? (short) 0 : (byte) 0;
    }

    static String keys(Class<?> recordType) {
        return Arrays.stream(recordType.getRecordComponents()).map(RecordComponent::getName).sorted()
                .collect(Collectors.joining(", "));
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String kind(Type type) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getRawType() instanceof Class<?> raw && Collection.class.isAssignableFrom(raw)) {
            return "a list of " + kind(parameterized.getActualTypeArguments()[0]) + " values";
        }
        if (!(type instanceof Class<?> raw)) {
            return type.getTypeName();
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class) {
            return "a whole number";
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return "a number";
        }
        if (raw == Duration.class) {
            return "a duration such as 500ms, 1s, 5m, 2h";
        }
        if (raw == Path.class) {
            return "a path";
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (raw.isRecord()) {
            return "a section with the keys " + keys(raw);
        }
        return "a " + raw.getSimpleName();
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a section";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }
}
