package wuton.cli;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import wuton.common.UserError;

/** {@code --device cpu|cuda}, for the commands that run models. */
enum DeviceChoice {
    CPU, CUDA;

    /** The option's default, as {@code defaultValue} takes it: every machine has a CPU. */
    static final String DEFAULT = "cpu";

    /** The libtorch device; CUDA only when libtorch sees one (its first GPU). */
    Device open() {
        return open(0);
    }

    /**
     * The libtorch device, for CUDA the GPU of that index (a data-parallel rank's {@code LOCAL_RANK}).
     * The CUDA path of a rank other than 0 is untested here (no GPU).
     */
    Device open(int cudaIndex) {
        if (this == CPU) {
            return new Device(torch.DeviceType.CPU);
        }
        if (!torch.cuda_is_available()) {
            throw new UserError("--device cuda: no CUDA device is available to libtorch");
        }
        // as the Python reference: let cuDNN pick the fastest algorithms for these fixed shapes
        torch.globalContext().setBenchmarkCuDNN(true);
        if (cudaIndex >= torch.cuda_device_count()) {
            throw new UserError("--device cuda: rank " + cudaIndex + " on this machine needs GPU " + cudaIndex
                + ", and libtorch sees " + torch.cuda_device_count());
        }
        return new Device(torch.DeviceType.CUDA, (byte) cudaIndex);
    }

    /** Waits for the device's queued work (before reading a clock). */
    void synchronize() {
        if (this == CUDA) {
            torch.cuda_synchronize();
        }
    }

    static final class Converter extends Converters.LowerCaseEnum<DeviceChoice> {
        Converter() {
            super(DeviceChoice.class);
        }
    }
}
