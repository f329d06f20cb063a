package io.theia.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API names only JDK types, its own, and those of the two libraries it requires transitively (PF4J for the
 * extension points, jakarta.inject for the injection annotations): no third-party type of an implementation (RE2/J,
 * Jackson, Guice…) appears in a public or protected signature of an exported package.
 */
class ApiSurfaceTest {

    private static final Pattern ALLOWED = Pattern.compile("(java|javax?\\.annotation|io\\.theia\\.api|org\\.pf4j"
            + "|jakarta\\.inject)\\..*|[a-z]+|[A-Z]|\\?");

    @Test
    void publicSignaturesNameOnlyJdkTheiaPf4jAndJakartaInjectTypes() throws Exception {
        List<String> offending = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            check(offending, type, "extends", type.getGenericSuperclass());
            for (Type implemented : type.getGenericInterfaces()) {
                check(offending, type, "implements", implemented);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()) {
                    check(offending, type, method.getName(), method.getGenericReturnType());
                    for (Type parameter : method.getGenericParameterTypes()) {
                        check(offending, type, method.getName(), parameter);
                    }
                    for (Type thrown : method.getGenericExceptionTypes()) {
                        check(offending, type, method.getName(), thrown);
                    }
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers())) {
                    for (Type parameter : constructor.getGenericParameterTypes()) {
                        check(offending, type, "<init>", parameter);
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers())) {
                    check(offending, type, field.getName(), field.getGenericType());
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(List<String> offending, Class<?> owner, String member, Type type) {
        if (type == null) {
            return;
        }
        for (String name : type.getTypeName().split("[<>,\\[\\]\\s&]+")) {
            String bare = name.replace("extends", "").replace("super", "").trim();
            if (!bare.isEmpty() && !ALLOWED.matcher(bare).matches()) {
                offending.add(owner.getName() + "." + member + ": " + bare);
            }
        }
    }

    /** The classes of the API's exported packages, from the compiled classes directory. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(TheiaException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/theia/api"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.endsWith("package-info")) {
                    classes.add(Class.forName(name, false, ApiSurfaceTest.class.getClassLoader()));
                }
            }
        }
        assertThat(classes).as("API classes found").hasSizeGreaterThan(20);
        return classes;
    }
}
