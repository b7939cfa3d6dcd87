package wuton.train;

import java.util.List;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Tensor;
import wuton.model.Discriminator;
import wuton.model.PerceptualFeatures;
import wuton.model.Wuton;
import wuton.train.distributed.RankAverage;

/**
 * One optimisation step of a stage (teacher or student), and what its sample grids show. Both stages have an
 * {@link AdversarialTerm} and a {@link GeneratorObjective} with an Adam optimiser each, built once here; the
 * {@link Trainer} runs each step inside its own {@code PointerScope}.
 */
public abstract class GeneratorStep {
    protected final AdversarialTerm adversarial;
    protected final GeneratorObjective objective;

    protected GeneratorStep(Wuton generator, Discriminator discriminator, PerceptualFeatures features,
                            LossWeights weights, AdamSettings settings) {
        this.adversarial = new AdversarialTerm(discriminator, weights, settings);
        this.objective = new GeneratorObjective(features, Optimizers.adam(generator.parameters(), settings), weights);
    }

    /** A discriminator update (when there is an adversarial term), then a generator update. */
    public abstract StepResult run(StepInputs inputs);

    /**
     * The columns of a sample grid for these inputs, each (N, 3, H, W) in [-1, 1]; called without gradients
     * and with the generator in eval mode.
     */
    public abstract List<Tensor> sampleColumns(StepInputs inputs);

    /** The names of {@link #sampleColumns}, for the docs and the log. */
    public abstract List<String> sampleColumnNames();

    /**
     * Makes each optimiser step of a data-parallel run use the gradients averaged over the ranks: the generator's
     * and the discriminator's, averaged between their backward pass and their step.
     */
    public void averageGradientsWith(RankAverage generator, RankAverage discriminator) {
        objective.averageGradientsWith(generator);
        adversarial.averageGradientsWith(discriminator);
    }

    public Adam generatorOptimizer() {
        return objective.optimizer();
    }

    public Adam discriminatorOptimizer() {
        return adversarial.optimizer();
    }
}
