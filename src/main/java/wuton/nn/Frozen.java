package wuton.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.TensorVector;

/** Networks used as fixed measuring instruments: no gradients, eval mode (batch norm on its running statistics). */
public final class Frozen {
    private Frozen() {
    }

    public static <M extends Module> M freeze(M network) {
        TensorVector parameters = network.parameters();
        for (long i = 0; i < parameters.size(); i++) {
            parameters.get(i).set_requires_grad(false);
        }
        network.eval();
        return network;
    }
}
