package wuton.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import wuton.TryOn;

/** {@code --frame whole|person}: which part of a person photo a student model is given ({@link TryOn.Framing}). */
final class FramingOption {
    @Option(names = "--frame", defaultValue = "whole", converter = Converter.class, paramLabel = "whole|person",
        description = "What a student sees of the person photo: the whole photo (default), or the person that the"
            + " shipped pose and person-mask models find, with a margin; then the photo outside that frame comes back"
            + " as it was, and a photo with no person found is refused.")
    TryOn.Framing framing;

    /** Sets the framing on a loaded model. */
    void applyTo(TryOn tryOn) {
        tryOn.setFraming(framing);
    }

    static final class Converter implements ITypeConverter<TryOn.Framing> {
        @Override
        public TryOn.Framing convert(String value) {
            try {
                return TryOn.Framing.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "': expected whole or person");
            }
        }
    }
}
