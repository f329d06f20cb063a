package io.theia.api.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a plugin's configuration record that the configuration must give.
 *
 * <p>The host reports every missing required value, with the unknown keys and wrong types, in one error before
 * the plugin is constructed. Components without this annotation are optional: the record receives {@code null}
 * (or zero / {@code false} for primitives) and applies its own default.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Required {
}
