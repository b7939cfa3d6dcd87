package wuton.testing;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Wuton;
import wuton.modelfile.ModelFile;
import wuton.nn.SafeTensors;

/** Randomly initialised 64 x 48 tiny models saved as model files, for inference tests. */
public final class TinyModels {
    private TinyModels() {
    }

    /** Writes {@code NAME.safetensors} and {@code NAME.json}; returns the weights file. */
    public static Path write(Path folder, String name, Stage stage) {
        return write(folder, name, stage, false);
    }

    /**
     * The same tiny model with NaN in the bias of its last convolution, as broken weights or a broken native kernel
     * would leave it: every image it makes is NaN.
     */
    public static Path writeBroken(Path folder, String name, Stage stage) {
        return write(folder, name, stage, true);
    }

    /**
     * A tiny {@code paper} student that copies from the person and the warped garment
     * ({@link Composition#PERSON_AND_GARMENT}), with {@code personLogit} added to the bias of its person channel:
     * +40 keeps the person everywhere (its share is 1 in float32), -40 takes nothing from it.
     */
    public static Path writeComposing(Path folder, String name, double personLogit) {
        return write(folder, name, Stage.STUDENT, ModelConfig.of(ModelSize.TINY, Architecture.PAPER,
            Composition.PERSON_AND_GARMENT, 64, 48), "unet.to_image.conv.bias", Wuton.IMAGE_CHANNELS, personLogit);
    }

    private static Path write(Path folder, String name, Stage stage, boolean broken) {
        return write(folder, name, stage, ModelConfig.of(ModelSize.TINY, 64, 48), broken ? "unet.to_image.conv.bias" : null,
            -1, Float.NaN);
    }

    /** The model, with {@code value} written into element {@code index} of {@code parameter} (all of it for -1). */
    private static Path write(Path folder, String name, Stage stage, ModelConfig config, String parameter, long index,
                              double value) {
        torch.manual_seed(7);
        Path weights = folder.resolve(name + ModelFile.WEIGHTS_EXTENSION);
        Wuton model = new Wuton(config);
        try {
            if (parameter != null) {
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    StringTensorDict parameters = model.named_parameters(true);
                    for (long i = 0; i < parameters.size(); i++) {
                        if (parameters.get(i).key().getString().equals(parameter)) {
                            Tensor t = parameters.get(i).value();
                            (index < 0 ? t : t.narrow(0, index, 1)).fill_(new Scalar(value));
                        }
                    }
                }
            }
            SafeTensors.save(model, weights, SafeTensors.DType.F32, Map.of());
        } finally {
            model.close();
        }
        new ModelFile(ModelFile.FORMAT, ModelFile.VERSION, stage, config, "F32", null).writeFor(weights);
        return weights;
    }
}
