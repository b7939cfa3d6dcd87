package wuton.vision;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.common.UserError;
import wuton.nn.SafeTensors;

/**
 * Reads the shipped Inception-v3 layers ({@value InceptionV3#SHIPPED_MIXED_6C}), which tools/weights/nsfwjs-inception.js
 * writes from nsfwjs's tfjs model without changing a bit of it: each weight {@code NAME} is a U8 tensor of codes q in
 * torchvision's shape, beside an F64 tensor {@code NAME.quantization} = [min, scale], and its value is
 * <pre>
 *   float32(q * scale + min)
 * </pre>
 * computed in double precision and rounded once to float32, which is exactly what tfjs does when it loads the model
 * (so the network here has the original's weights to the bit, in a quarter of the float32 size).
 *
 * <p>The Keras batch norms have no scale ({@code scale: false}): every {@code bn.weight} is 1 and is not in the file.
 * {@code num_batches_tracked} is not used in eval mode and stays 0.
 */
final class QuantisedWeights {
    /** The {@code format} metadata the converter writes. */
    static final String FORMAT = "wuton-inception-v3-mixed6c-u8";
    private static final String QUANTISATION = ".quantization";
    private static final String BATCH_NORM_SCALE = ".bn.weight";
    private static final String BATCH_COUNT = "num_batches_tracked";
    private static final int CODES = 256;

    private QuantisedWeights() {
    }

    /**
     * Copies the file's weights into every parameter and buffer of {@code net}; the file must hold those and nothing
     * else.
     *
     * @throws UserError naming the file and the first tensor that is missing, misshapen or left over
     */
    static void load(Module net, Path file) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            SafeTensors.Contents contents = SafeTensors.read(file);
            String format = contents.metadata().get("format");
            if (!FORMAT.equals(format)) {
                throw new UserError(file + ": not wuton's quantised Inception-v3 layers (format " + format + ", expected "
                    + FORMAT + ")");
            }
            Map<String, Tensor> stored = new LinkedHashMap<>(contents.tensors());
            for (Map.Entry<String, Tensor> target : namedTensors(net).entrySet()) {
                String name = target.getKey();
                Tensor into = target.getValue();
                if (name.endsWith(BATCH_NORM_SCALE)) {
                    into.fill_(new org.bytedeco.pytorch.Scalar(1.0));
                } else if (!name.endsWith(BATCH_COUNT)) {
                    into.copy_(decode(file, name, stored.remove(name), stored.remove(name + QUANTISATION), into));
                }
            }
            if (!stored.isEmpty()) {
                throw new UserError(file + ": tensors the network does not have, such as '" + stored.keySet().iterator().next()
                    + "' (" + stored.size() + " in all)");
            }
        }
    }

    /** The float32 values of one weight from its codes and its [min, scale]. */
    private static Tensor decode(Path file, String name, Tensor codes, Tensor quantisation, Tensor target) {
        if (codes == null || quantisation == null) {
            throw new UserError(file + ": no tensor '" + (codes == null ? name : name + QUANTISATION) + "'");
        }
        long[] expected = target.sizes().vec().get();
        long[] found = codes.sizes().vec().get();
        if (!Arrays.equals(expected, found) || codes.scalar_type().value != ScalarType.Byte.value) {
            throw new UserError(file + ": tensor '" + name + "' is " + codes.scalar_type() + " " + Arrays.toString(found)
                + ", expected U8 " + Arrays.toString(expected));
        }
        if (quantisation.numel() != 2 || quantisation.scalar_type().value != ScalarType.Double.value) {
            throw new UserError(file + ": tensor '" + name + QUANTISATION + "' is not F64 [min, scale]");
        }
        double[] minScale = new double[2];
        new DoublePointer(quantisation.contiguous().data_ptr()).get(minScale);
        float[] table = new float[CODES];
        for (int q = 0; q < CODES; q++) {
            table[q] = (float) (q * minScale[1] + minScale[0]);
        }
        Tensor values = torch.tensor(table);
        return values.index_select(0, codes.flatten(0, -1).to(ScalarType.Long)).view(expected);
    }

    private static Map<String, Tensor> namedTensors(Module net) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (StringTensorDict dict : new StringTensorDict[] {net.named_parameters(), net.named_buffers()}) {
            for (long i = 0; i < dict.size(); i++) {
                all.put(dict.get(i).key().getString(), dict.get(i).value());
            }
        }
        return all;
    }
}
