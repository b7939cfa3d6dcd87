package wuton.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import wuton.common.DeclaredSetting;
import wuton.train.TrainConfig;

/**
 * The help of {@code wuton train}'s options, made from the config's declarations
 * ({@link TrainConfig#declaredSettings()}), so that no description or default is typed twice. For each setting
 * {@code NAME} (as in config.json: {@code steps}, {@code weights.reconstruction}) it holds
 * {@code NAME.description} and {@code NAME.default}, the default as the command line spells it ({@code 100000},
 * {@code teacher}, {@code 0}); an option's description reads them as {@code ${bundle:steps.default}}. Neither key
 * is an option's name, so picocli never takes one for a whole option description.
 *
 * <p>Public, with a public constructor, because {@link java.util.ResourceBundle#getBundle} makes the instance
 * that {@code @Command(resourceBundle = ...)} names.
 */
public final class TrainHelp extends ListResourceBundle {
    public TrainHelp() {
    }

    @Override
    protected Object[][] getContents() {
        List<Object[]> entries = new ArrayList<>();
        for (DeclaredSetting setting : TrainConfig.declaredSettings()) {
            entries.add(new Object[] {setting.name() + ".description", setting.description()});
            entries.add(new Object[] {setting.name() + ".default", spelling(setting.defaultValue())});
        }
        return entries.toArray(Object[][]::new);
    }

    /** A value as an option takes it: enums as their option values, numbers without a trailing ".0". */
    static String spelling(Object value) {
        if (value instanceof Enum<?> e) {
            return Converters.LowerCaseEnum.spelling(e);
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
