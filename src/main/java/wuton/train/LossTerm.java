package wuton.train;

import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;

/**
 * The values of a {@link StepResult} that are logged, with their metrics.csv column names, in column order.
 * {@link LossValues} holds one number per term.
 */
public enum LossTerm {
    WARP("warp", StepResult::warp),
    L1("l1", StepResult::l1),
    PERCEPTUAL("perceptual", StepResult::perceptual),
    ADVERSARIAL("adversarial", StepResult::adversarial),
    GENERATOR("generator_total", StepResult::generatorLoss),
    DISCRIMINATOR("discriminator", StepResult::discriminatorLoss),
    GRADIENT_PENALTY("gradient_penalty", StepResult::gradientPenalty),
    THETA("theta_abs", StepResult::thetaMagnitude),
    /** Last: a metrics.csv written before it existed lacks only this column (see {@link MetricsLog}). */
    RECONSTRUCTION("reconstruction", StepResult::reconstruction);

    private final String column;
    private final Function<StepResult, Tensor> value;

    LossTerm(String column, Function<StepResult, Tensor> value) {
        this.column = column;
        this.value = value;
    }

    public String column() {
        return column;
    }

    /** This term of a step's result, copied to the CPU. */
    public double of(StepResult result) {
        return value.apply(result).item_double();
    }
}
