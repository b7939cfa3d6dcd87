package wuton.testing;

import java.nio.file.Path;
import java.util.Map;
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
        torch.manual_seed(7);
        ModelConfig config = ModelConfig.of(ModelSize.TINY, 64, 48);
        Path weights = folder.resolve(name + ModelFile.WEIGHTS_EXTENSION);
        Wuton model = new Wuton(config);
        try {
            SafeTensors.save(model, weights, SafeTensors.DType.F32, Map.of());
        } finally {
            model.close();
        }
        new ModelFile(ModelFile.FORMAT, ModelFile.VERSION, stage, config, "F32", null).writeFor(weights);
        return weights;
    }
}
