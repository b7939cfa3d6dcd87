package wuton.train;

import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;

/** The values of a {@link TeacherStep.Result} that are logged, with their metrics.csv column names. */
public enum LossTerm {
    WARP("warp", TeacherStep.Result::warp),
    L1("l1", TeacherStep.Result::l1),
    PERCEPTUAL("perceptual", TeacherStep.Result::perceptual),
    ADVERSARIAL("adversarial", TeacherStep.Result::adversarial),
    GENERATOR("generator_total", TeacherStep.Result::generatorLoss),
    DISCRIMINATOR("discriminator", TeacherStep.Result::discriminatorLoss),
    GRADIENT_PENALTY("gradient_penalty", TeacherStep.Result::gradientPenalty),
    THETA("theta_abs", TeacherStep.Result::thetaMagnitude);

    private final String column;
    private final Function<TeacherStep.Result, Tensor> value;

    LossTerm(String column, Function<TeacherStep.Result, Tensor> value) {
        this.column = column;
        this.value = value;
    }

    public String column() {
        return column;
    }

    /** This term of a step's result, copied to the CPU. */
    public double of(TeacherStep.Result result) {
        return value.apply(result).item_double();
    }

    /** All terms of a result, indexed by ordinal. */
    public static double[] all(TeacherStep.Result result) {
        double[] values = new double[values().length];
        for (LossTerm term : values()) {
            values[term.ordinal()] = term.of(result);
        }
        return values;
    }
}
