package wuton.testing;

import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.global.torch;
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

    private static Path write(Path folder, String name, Stage stage, boolean broken) {
        torch.manual_seed(7);
        ModelConfig config = ModelConfig.of(ModelSize.TINY, 64, 48);
        Path weights = folder.resolve(name + ModelFile.WEIGHTS_EXTENSION);
        Wuton model = new Wuton(config);
        try {
            if (broken) {
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    StringTensorDict parameters = model.named_parameters(true);
                    for (long i = 0; i < parameters.size(); i++) {
                        if (parameters.get(i).key().getString().equals("unet.to_image.conv.bias")) {
                            parameters.get(i).value().fill_(new Scalar(Float.NaN));
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
