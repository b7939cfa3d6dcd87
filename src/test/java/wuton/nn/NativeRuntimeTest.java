package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The set-up of the native libraries; its effect under stress is {@code wuton.NativeStressTest}'s. */
class NativeRuntimeTest {
    @Test
    void configuringTwiceReturnsWhatTheFirstCallDidAndTheProbeRan() {
        NativeRuntime.State first = NativeRuntime.configure();
        assertThat(NativeRuntime.configure()).isSameAs(first);
        assertThat(first.padding()).isNotEqualTo(NativeRuntime.Padding.NOT_PROBED);
        // the test JVM starts without OPENBLAS_NUM_THREADS (pom.xml): wuton's own setting is in force
        if (System.getenv(NativeRuntime.BLAS_THREADS_VARIABLE) == null) {
            assertThat(first.blasThreads()).isEqualTo("1");
        }
        // whatever the probe changed, convolutions on padded layouts are now finite on this machine
        assertThat(NativeRuntime.paddedConvolutionsAreFinite()).isTrue();
    }

    @Test
    void anUnknownAllocatorFlagIsReportedNotIgnored() {
        // the probe relies on this to tell a libtorch without the flags (then it says it did not run)
        assertThat(NativeRuntime.setAllocatorFlag("caffe2_no_such_flag", true)).isFalse();
    }

    @Test
    void theProcessorIsNamedWithItsFamilyAndModel() {
        assertThat(NativeRuntime.cpu()).isNotBlank();
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertThat(NativeRuntime.cpu()).containsPattern("family \\d+ model \\d+");
        }
    }
}
