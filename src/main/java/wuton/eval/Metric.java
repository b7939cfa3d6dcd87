package wuton.eval;

import java.util.OptionalDouble;

/** One metric of one model: a summary over images, a single number over the whole set, or why it is missing. */
public sealed interface Metric {
    /** The number a comparison uses: a {@link Measured}'s mean, a {@link Single}'s value; empty when unavailable. */
    default OptionalDouble number() {
        if (this instanceof Measured m) {
            return OptionalDouble.of(m.summary().mean());
        }
        return this instanceof Single s ? OptionalDouble.of(s.value()) : OptionalDouble.empty();
    }

    /** A per-image (or per-subset, per-split) metric: its mean and standard deviation. */
    record Measured(Summary summary) implements Metric {
    }

    /** A metric of the whole set, such as FID. */
    record Single(double value) implements Metric {
    }

    /** Not computed; the reason names what is missing ("no --inception-weights given"). */
    record Unavailable(String reason) implements Metric {
    }
}
