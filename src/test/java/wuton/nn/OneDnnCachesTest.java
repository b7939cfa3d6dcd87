package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * oneDNN's view of the processor's caches after {@link NativeRuntime#configure()}: never the three 1-byte caches of
 * a hidden CPUID leaf, on any machine (on one that hides the leaf, only the repair makes this pass).
 */
class OneDnnCachesTest {
    @Test
    void theProcessorDescriptionIsFoundInLibtorchBySymbol() throws Exception {
        NativeRuntime.configure();
        Map<String, Long> addresses = OneDnnCaches.locate();
        // the libtorch this build pins keeps both symbols: if a new one does not, the repair cannot work there
        assertThat(addresses).isNotNull().containsOnlyKeys(OneDnnCaches.CPU_OBJECT, OneDnnCaches.CPU_GUARD);
        assertThat(addresses.get(OneDnnCaches.CPU_OBJECT) - addresses.get(OneDnnCaches.CPU_GUARD))
            .as("the guard lies just before its object in .bss").isBetween(8L, 64L);
    }

    @Test
    void afterConfiguringOneDnnNeverSizesItsCachesAsOneByte() {
        NativeRuntime.State state = NativeRuntime.configure();
        assertThat(state.caches()).isIn(OneDnnCaches.Outcome.READ, OneDnnCaches.Outcome.REPAIRED);
        int[] sizes = OneDnnCaches.knownSizes();
        assertThat(sizes).isNotNull();
        // either real sizes (L1 of at least 4 KiB) or none known, when oneDNN uses its defaults
        for (int size : sizes) {
            assertThat(size).isGreaterThanOrEqualTo(4096);
        }
        // a second repair finds nothing more to do
        assertThat(OneDnnCaches.repair().outcome()).isEqualTo(OneDnnCaches.Outcome.READ);
    }
}
