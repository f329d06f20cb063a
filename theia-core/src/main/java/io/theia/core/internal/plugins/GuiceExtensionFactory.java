package io.theia.core.internal.plugins;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.ExtensionFactory;

/** Creates each PF4J extension once, through the host's Guice injector, so extensions may {@code @Inject}. */
final class GuiceExtensionFactory implements ExtensionFactory {

    private final Injector injector;
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    GuiceExtensionFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        return extensionClass.cast(instances.computeIfAbsent(extensionClass, this::construct));
    }

    private Object construct(Class<?> extensionClass) {
        try {
            return injector.getInstance(extensionClass);
        } catch (ProvisionException e) {
            throw failure(extensionClass, rootCause(e).toString(), e);
        } catch (ConfigurationException e) {
            throw failure(extensionClass, e.getErrorMessages().iterator().next().getMessage(), e);
        }
    }

    private static PluginException failure(Class<?> extensionClass, String why, RuntimeException e) {
        return new PluginException("cannot construct the extension " + extensionClass.getName() + ": " + why, e);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
