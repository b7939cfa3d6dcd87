package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
        // whatever the probe changed, convolutions on padded layouts are now right on this machine
        assertThat(NativeRuntime.paddedConvolutionsAreRight()).isTrue();
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

    @Test
    void whereThePaddingIsReadUnwrittenAllocationsAreZeroFilledAndOtherwiseOneDnnIsTurnedOff() throws Exception {
        NativeRuntime.configure();
        // the remedies' log lines are what a user sees: kept here, and read, instead of printed
        Logger logger = (Logger) LoggerFactory.getLogger(NativeRuntime.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        logger.setAdditive(false);
        try {
            // a probe that fails on NaN-filled memory and passes on zeroed memory, as oneDNN on AMD Zen 5 would
            List<Boolean> sawNaN = new ArrayList<>();
            NativeRuntime.Padding padding = NativeRuntime.probePadding(() -> {
                boolean nan = torch.isnan(torch.empty(64)).all().item_bool();
                sawNaN.add(nan);
                return !nan;
            });
            assertThat(padding).isEqualTo(NativeRuntime.Padding.ZERO_FILLED);
            assertThat(sawNaN).containsExactly(true, false);
            assertThat(torch.empty(4096).abs().max().item_double()).as("fresh memory after the remedy").isZero();
            assertThat(torch.globalContext().userEnabledMkldnn()).isTrue();
            // while allocations are zero-filled a NaN fill would abort the process (c10 refuses both): none is made
            try (AutoCloseable nan = NativeRuntime.junkFilledAllocations()) {
                assertThat(torch.empty(4096).abs().max().item_double()).isZero();
            }

            // a probe that never passes: oneDNN off, and no zero fill kept for nothing
            assertThat(NativeRuntime.probePadding(() -> false)).isEqualTo(NativeRuntime.Padding.ONEDNN_OFF);
            assertThat(torch.globalContext().userEnabledMkldnn()).isFalse();
        } finally {
            NativeRuntime.probePadding(() -> true);
            torch.globalContext().setUserEnabledMkldnn(true);
            logger.detachAppender(log);
            logger.setAdditive(true);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(m -> assertThat(m).startsWith("oneDNN read channel padding it had not written on this CPU (")
                .contains("zero-filled"))
            .anySatisfy(m -> assertThat(m).contains("oneDNN is off for this process"));
        assertThat(NativeRuntime.probePadding(() -> true)).isEqualTo(NativeRuntime.Padding.SOUND);
    }
}
