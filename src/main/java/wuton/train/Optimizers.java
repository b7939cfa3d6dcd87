package wuton.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.TensorVector;

/** Optimizer factories that hide libtorch's option quirks. */
public final class Optimizers {
    /**
     * In 2.10.0-1.5.13, {@code AdamOptions.betas()} points at a C++ tuple laid out in reverse:
     * index 0 holds beta2 and index 1 holds beta1 (checked with two hand-computed steps, see the tests).
     */
    private static final int BETA2_SLOT = 0;
    private static final int BETA1_SLOT = 1;

    private Optimizers() {
    }

    /** Adam over {@code parameters} with the given settings, betas stored where libtorch reads them. */
    public static Adam adam(TensorVector parameters, AdamSettings settings) {
        AdamOptions options = new AdamOptions(settings.learningRate());
        options.betas().put(BETA2_SLOT, settings.beta2()).put(BETA1_SLOT, settings.beta1());
        options.eps().put(settings.epsilon());
        return new Adam(parameters, options);
    }
}
