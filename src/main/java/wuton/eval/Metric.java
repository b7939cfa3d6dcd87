package wuton.eval;

/** One metric of one model: a summary over images, a single number over the whole set, or why it is missing. */
public sealed interface Metric {
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
