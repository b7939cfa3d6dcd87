package wuton.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a config's builder as one setting of that config, declared once: the field's name is the
 * setting's name (as in the config's JSON), its initializer is the default, and {@link #value} says what it does
 * in one line. The command-line help and the reference docs are made from, or tested against, these
 * declarations ({@link DeclaredSetting#in}).
 *
 * <pre>{@code
 * @Setting("Total optimisation steps of the run")
 * private int steps = 100_000;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Setting {
    /** What the setting does, one line, starting with a capital and without a closing full stop. */
    String value();
}
