package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.junit.jupiter.api.Test;
import wuton.common.UserError;

/** The capture itself needs a GPU (bench/gpu.sh runs it there); on a CPU it must refuse before running anything. */
class CudaGraphTest {
    @Test
    void aCpuDeviceIsRefusedBeforeTheWorkRuns() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> CudaGraph.capture(new Device(DeviceType.CPU), new CudaGraph.MemoryPool(), 1,
            runs::incrementAndGet)).isInstanceOf(UserError.class).hasMessage("CUDA graphs need a CUDA device, got cpu");
        assertThat(runs).hasValue(0);
    }
}
