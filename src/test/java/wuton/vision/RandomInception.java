package wuton.vision;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/** Randomly initialised Inception-v3 networks for the tests of other packages (the constructors are package-private). */
public final class RandomInception {
    private RandomInception() {
    }

    /** The torchvision layout with libtorch's default initialisation, at {@code inputSize} instead of 299. */
    public static InceptionV3 torchvision(int inputSize) {
        return new InceptionV3(inputSize);
    }

    /**
     * He-normal convolution weights: libtorch's default initialisation shrinks activations about 2.4 times per
     * layer, so that after the network's depth the features would be too small to tell sets apart.
     */
    public static InceptionV3 heNormal(InceptionV3 inception) {
        try (NoGradGuard g = new NoGradGuard()) {
            StringTensorDict parameters = inception.named_parameters();
            for (long i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i).value();
                if (parameters.get(i).key().getString().endsWith("conv.weight")) {
                    double fanIn = p.size(1) * p.size(2) * p.size(3);
                    p.normal_(0, Math.sqrt(2 / fanIn), new GeneratorOptional());
                }
            }
        }
        return inception;
    }
}
