package wuton.nn;

import org.bytedeco.pytorch.Tensor;

/** A module with one image-like input and one output: (N, C_in, H, W) to (N, C_out, H', W'). */
public interface Layer {
    Tensor forward(Tensor x);
}
