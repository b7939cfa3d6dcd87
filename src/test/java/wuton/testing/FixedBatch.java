package wuton.testing;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.model.Architecture;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Wuton;
import wuton.train.AdamSettings;
import wuton.train.Losses;
import wuton.train.Optimizers;

/**
 * A tiny model fitted to one fixed batch of random 64 x 48 images with Adam (learning rate 2e-3) on the image's L1
 * loss plus the warp's: the shortest training loop that runs every layer forward and backward.
 */
public final class FixedBatch {
    public static final int H = 64;
    public static final int W = 48;

    private FixedBatch() {
    }

    /** Uniform in [-1, 1], like normalised images. */
    public static Tensor images(int n) {
        return torch.rand(n, 3, H, W).mul(new Scalar(2.0)).sub(new Scalar(1.0));
    }

    /**
     * Seeds libtorch with 3, builds the model and the batch, and takes {@code steps} steps.
     *
     * @param afterStep called after each step with its index, the model at hand in {@code model}
     * @return the image's L1 loss at each step, before that step's update
     */
    public static double[] fit(Architecture architecture, int steps, ModelHook afterStep) {
        torch.manual_seed(3);
        Wuton model = new Wuton(ModelConfig.of(ModelSize.TINY, architecture, H, W));
        Adam adam = Optimizers.adam(model.parameters(), AdamSettings.builder().learningRate(2e-3).build());
        Tensor person = images(2);
        Tensor cloth = images(2);
        Tensor target = images(2).mul(new Scalar(0.5));
        double[] losses = new double[steps];
        try {
            for (int step = 0; step < steps; step++) {
                try (PointerScope scope = new PointerScope()) {
                    adam.zero_grad();
                    Wuton.Output out = model.forward(person, cloth);
                    Tensor l1 = Losses.l1(out.image(), target);
                    l1.add(Losses.l1(out.warpedCloth(), cloth)).backward();
                    adam.step();
                    losses[step] = l1.item_double();
                    afterStep.after(step, model);
                }
            }
        } finally {
            adam.close();
            model.close();
        }
        return losses;
    }

    /** What a caller checks after each step. */
    @FunctionalInterface
    public interface ModelHook {
        void after(int step, Wuton model);

        /** Checks nothing. */
        static ModelHook none() {
            return (step, model) -> { };
        }
    }
}
