package wuton.eval;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a model's scores compare with the {@link Identity} baseline's: what the report flags and metrics.json
 * records. A model beats the baseline when its mean SSIM over the whole image is higher; per metric and region,
 * a score is worse when it is on the wrong side of the baseline's in that metric's direction.
 */
public final class Baseline {
    private Baseline() {
    }

    /** Whether the model's overall mean SSIM is above the baseline's; empty where either was not measured. */
    public static Optional<Boolean> beats(ModelResult model, ModelResult baseline) {
        OptionalDouble mine = ssim(model);
        OptionalDouble theirs = ssim(baseline);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(mine.getAsDouble() > theirs.getAsDouble());
    }

    /** The overall mean SSIM, where it was measured. */
    public static OptionalDouble ssim(ModelResult model) {
        Metric m = model.metrics().get(MetricName.SSIM);
        return m == null ? OptionalDouble.empty() : m.number();
    }

    /**
     * Whether a score is strictly worse than the baseline's: lower where higher is better, higher where lower is.
     * False where either is missing or unavailable.
     */
    public static boolean worse(MetricName name, Metric score, Metric baselineScore) {
        if (score == null || baselineScore == null) {
            return false;
        }
        OptionalDouble mine = score.number();
        OptionalDouble theirs = baselineScore.number();
        if (mine.isEmpty() || theirs.isEmpty()) {
            return false;
        }
        return name.higherIsBetter() ? mine.getAsDouble() < theirs.getAsDouble() : mine.getAsDouble() > theirs.getAsDouble();
    }
}
