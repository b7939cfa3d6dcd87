package wuton.cli;

import java.util.Arrays;
import java.util.Locale;
import wuton.synth.WorldConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelSize;
import wuton.model.PerceptualNetwork;
import wuton.model.Stage;
import wuton.modelfile.InferenceOptions;
import wuton.train.LearningRateSchedule;

/** The picocli converters that several commands share. */
final class Converters {
    private Converters() {
    }

    /** Case-insensitive enum names on the command line: {@code --model full}. */
    abstract static class LowerCaseEnum<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        LowerCaseEnum(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E e : type.getEnumConstants()) {
                if (spelling(e).equalsIgnoreCase(value)) {
                    return e;
                }
            }
            throw new TypeConversionException("'" + value + "': expected one of "
                + Arrays.stream(type.getEnumConstants()).map(LowerCaseEnum::spelling).toList());
        }

        /** PERSON_AND_GARMENT is spelt person-and-garment. */
        static String spelling(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final class SizeConverter extends LowerCaseEnum<ModelSize> {
        SizeConverter() {
            super(ModelSize.class);
        }
    }

    static final class LookConverter extends LowerCaseEnum<WorldConfig.Look> {
        LookConverter() {
            super(WorldConfig.Look.class);
        }
    }

    static final class StageConverter extends LowerCaseEnum<Stage> {
        StageConverter() {
            super(Stage.class);
        }
    }

    static final class CompositionConverter extends LowerCaseEnum<Composition> {
        CompositionConverter() {
            super(Composition.class);
        }
    }

    static final class ScheduleConverter extends LowerCaseEnum<LearningRateSchedule> {
        ScheduleConverter() {
            super(LearningRateSchedule.class);
        }
    }

    static final class PerceptualNetworkConverter extends LowerCaseEnum<PerceptualNetwork> {
        PerceptualNetworkConverter() {
            super(PerceptualNetwork.class);
        }
    }

    static final class ArchitectureConverter extends LowerCaseEnum<Architecture> {
        ArchitectureConverter() {
            super(Architecture.class);
        }
    }

    static final class PrecisionConverter extends LowerCaseEnum<InferenceOptions.Precision> {
        PrecisionConverter() {
            super(InferenceOptions.Precision.class);
        }
    }
}
