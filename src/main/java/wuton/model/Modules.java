package wuton.model;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.TensorVector;

/** Small helpers over libtorch modules. */
public final class Modules {
    private Modules() {
    }

    /** Total number of parameter values (buffers not counted). */
    public static long parameterCount(Module module) {
        TensorVector parameters = module.parameters();
        long count = 0;
        for (long i = 0; i < parameters.size(); i++) {
            count += parameters.get(i).numel();
        }
        return count;
    }
}
