package wuton.common;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link Setting} as its builder declares it.
 *
 * @param name the field's name, with the prefix of its group ({@code adam.learningRate})
 * @param defaultValue the value a fresh builder holds (boxed for primitives; null where the default is none)
 * @param description the setting's one-line description
 */
public record DeclaredSetting(String name, Object defaultValue, String description) {
    /**
     * The settings of a config record, in the order of its components, each read from the builder field of the
     * same name: its {@link Setting} and the value a fresh builder holds as the default. A component that is itself
     * a record is a nested group, left to its own builder.
     *
     * @param prefix put before each name: "" for top-level fields, {@code "adam."} for a nested group
     * @param config the record the builder builds
     * @param freshBuilder a builder on which no setter has been called yet
     * @throws IllegalStateException when a component has no annotated builder field: a setting declared nowhere
     */
    public static List<DeclaredSetting> in(String prefix, Class<? extends Record> config, Object freshBuilder) {
        List<DeclaredSetting> settings = new ArrayList<>();
        for (RecordComponent component : config.getRecordComponents()) {
            Field field;
            try {
                field = freshBuilder.getClass().getDeclaredField(component.getName());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(config.getSimpleName() + "." + component.getName() + " has no builder field", e);
            }
            Setting setting = field.getAnnotation(Setting.class);
            if (setting == null && field.getType().isRecord()) {
                continue; // a nested group (adam, weights): its own builder declares its settings
            }
            if (setting == null || Modifier.isStatic(field.getModifiers())) {
                throw new IllegalStateException(field + " is not declared as a @Setting");
            }
            field.setAccessible(true);
            try {
                settings.add(new DeclaredSetting(prefix + field.getName(), field.get(freshBuilder), setting.value()));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read setting " + field, e);
            }
        }
        return settings;
    }
}
