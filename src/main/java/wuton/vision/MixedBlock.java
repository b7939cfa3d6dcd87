package wuton.vision;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import wuton.vision.InceptionV3.BasicConv;
import wuton.vision.InceptionV3.Branch;
import wuton.vision.InceptionV3.Conv;
import wuton.vision.InceptionV3.Pool;

/**
 * A mixed block of Inception-v3: parallel branches whose outputs are concatenated along the channels, in
 * torchvision's order. The factories build torchvision's {@code InceptionA} to {@code InceptionE} with their
 * convolution names ({@code branch1x1}, {@code branch5x5_1}, ...), which are direct children of the block.
 * Shapes: (N, in, H, W) to (N, out, H', W'), H' = H except in B and D, which halve it (3x3, stride 2, no padding).
 */
final class MixedBlock extends Module {
    private record Built(Pool pool, List<BasicConv> chain, List<BasicConv> fork) {
    }

    private final List<Built> branches = new ArrayList<>();

    private MixedBlock(List<Branch> specs) {
        for (Branch b : specs) {
            branches.add(new Built(b.pool(), b.chain().stream().map(this::conv).toList(), b.fork().stream().map(this::conv).toList()));
        }
    }

    private BasicConv conv(Conv spec) {
        return register_module(spec.name(), new BasicConv(spec));
    }

    Tensor forward(Tensor x) {
        TensorVector outputs = new TensorVector();
        for (Built b : branches) {
            Tensor y = b.pool().apply(x);
            for (BasicConv c : b.chain()) {
                y = c.forward(y);
            }
            if (b.fork().isEmpty()) {
                outputs.push_back(y);
            } else {
                for (BasicConv c : b.fork()) {
                    outputs.push_back(c.forward(y));
                }
            }
        }
        return torch.cat(outputs, 1);
    }

    /** InceptionA: 64 + 64 + 96 + poolFeatures channels out; {@code average}: its pooled branch's pooling. */
    static MixedBlock a(int in, int poolFeatures, Pool average) {
        return new MixedBlock(List.of(
            Branch.of(Conv.same("branch1x1", in, 64, 1, 1)),
            Branch.of(Conv.same("branch5x5_1", in, 48, 1, 1), Conv.same("branch5x5_2", 48, 64, 5, 5)),
            Branch.of(Conv.same("branch3x3dbl_1", in, 64, 1, 1), Conv.same("branch3x3dbl_2", 64, 96, 3, 3),
                Conv.same("branch3x3dbl_3", 96, 96, 3, 3)),
            Branch.pooled(average, Conv.same("branch_pool", in, poolFeatures, 1, 1))));
    }

    /** InceptionB (grid reduction): 384 + 96 + in channels out, half the size. */
    static MixedBlock b(int in) {
        return new MixedBlock(List.of(
            Branch.of(Conv.valid("branch3x3", in, 384, 3, 2)),
            Branch.of(Conv.same("branch3x3dbl_1", in, 64, 1, 1), Conv.same("branch3x3dbl_2", 64, 96, 3, 3),
                Conv.valid("branch3x3dbl_3", 96, 96, 3, 2)),
            Branch.pooled(Pool.MAX)));
    }

    /**
     * InceptionC (factorised 7x7): 4 x 192 channels out; {@code c7} channels inside the 7x7 branches;
     * {@code average}: its pooled branch's pooling.
     */
    static MixedBlock c(int in, int c7, Pool average) {
        return new MixedBlock(List.of(
            Branch.of(Conv.same("branch1x1", in, 192, 1, 1)),
            Branch.of(Conv.same("branch7x7_1", in, c7, 1, 1), Conv.same("branch7x7_2", c7, c7, 1, 7),
                Conv.same("branch7x7_3", c7, 192, 7, 1)),
            Branch.of(Conv.same("branch7x7dbl_1", in, c7, 1, 1), Conv.same("branch7x7dbl_2", c7, c7, 7, 1),
                Conv.same("branch7x7dbl_3", c7, c7, 1, 7), Conv.same("branch7x7dbl_4", c7, c7, 7, 1),
                Conv.same("branch7x7dbl_5", c7, 192, 1, 7)),
            Branch.pooled(average, Conv.same("branch_pool", in, 192, 1, 1))));
    }

    /** InceptionD (grid reduction): 320 + 192 + in channels out, half the size. */
    static MixedBlock d(int in) {
        return new MixedBlock(List.of(
            Branch.of(Conv.same("branch3x3_1", in, 192, 1, 1), Conv.valid("branch3x3_2", 192, 320, 3, 2)),
            Branch.of(Conv.same("branch7x7x3_1", in, 192, 1, 1), Conv.same("branch7x7x3_2", 192, 192, 1, 7),
                Conv.same("branch7x7x3_3", 192, 192, 7, 1), Conv.valid("branch7x7x3_4", 192, 192, 3, 2)),
            Branch.pooled(Pool.MAX)));
    }

    /** InceptionE (expanded filter bank): 320 + 768 + 768 + 192 = 2048 channels out; {@code average}: as in A. */
    static MixedBlock e(int in, Pool average) {
        return new MixedBlock(List.of(
            Branch.of(Conv.same("branch1x1", in, 320, 1, 1)),
            Branch.forked(new Conv[] {Conv.same("branch3x3_1", in, 384, 1, 1)},
                Conv.same("branch3x3_2a", 384, 384, 1, 3), Conv.same("branch3x3_2b", 384, 384, 3, 1)),
            Branch.forked(new Conv[] {Conv.same("branch3x3dbl_1", in, 448, 1, 1), Conv.same("branch3x3dbl_2", 448, 384, 3, 3)},
                Conv.same("branch3x3dbl_3a", 384, 384, 1, 3), Conv.same("branch3x3dbl_3b", 384, 384, 3, 1)),
            Branch.pooled(average, Conv.same("branch_pool", in, 192, 1, 1))));
    }
}
