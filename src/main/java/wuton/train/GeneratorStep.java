package wuton.train;

import java.util.List;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Tensor;

/**
 * One optimisation step of a stage (teacher or student), and what its sample grids show. Models and
 * optimisers are built once; the {@link Trainer} runs each step inside its own {@code PointerScope}.
 */
public interface GeneratorStep {
    /** A discriminator update (when there is an adversarial term), then a generator update. */
    StepResult run(StepInputs inputs);

    /**
     * The columns of a sample grid for these inputs, each (N, 3, H, W) in [-1, 1]; called without gradients
     * and with the generator in eval mode.
     */
    List<Tensor> sampleColumns(StepInputs inputs);

    /** The names of {@link #sampleColumns}, for the docs and the log. */
    List<String> sampleColumnNames();

    Adam generatorOptimizer();

    Adam discriminatorOptimizer();
}
