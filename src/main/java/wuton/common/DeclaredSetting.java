package wuton.common;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
     * The settings declared by the fields of {@code freshBuilder}'s class, with the values it holds as defaults.
     *
     * @param prefix put before each name: "" for top-level fields, {@code "adam."} for a nested group
     * @param freshBuilder a builder on which no setter has been called yet
     */
    public static List<DeclaredSetting> in(String prefix, Object freshBuilder) {
        List<DeclaredSetting> settings = new ArrayList<>();
        for (Field field : freshBuilder.getClass().getDeclaredFields()) {
            Setting setting = field.getAnnotation(Setting.class);
            if (setting == null || Modifier.isStatic(field.getModifiers())) {
                continue;
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
