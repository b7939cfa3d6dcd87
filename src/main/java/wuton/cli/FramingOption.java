package wuton.cli;

import picocli.CommandLine.Option;
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

    static final class Converter extends Converters.LowerCaseEnum<TryOn.Framing> {
        Converter() {
            super(TryOn.Framing.class);
        }
    }
}
