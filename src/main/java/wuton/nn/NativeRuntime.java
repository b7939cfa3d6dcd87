package wuton.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AutoGradMode;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings libtorch's native libraries need before wuton trusts their numbers, made once per JVM by the first
 * class that runs a model ({@code TryOn}, {@code Wuton}, the vision models), whatever environment the JVM was
 * started with. The evidence behind each: docs/native.md.
 *
 * <ol>
 *   <li><b>One OpenBLAS thread.</b> libtorch calls OpenBLAS (a pthreads build) for its matrix products, some of them
 *   from inside its own OpenMP threads. OpenBLAS 0.3.28 to 0.3.33 do not serialise concurrent multithreaded products
 *   of different transpose variants (OpenMathLib/OpenBLAS#5836): wrong products, NaN images. With one OpenBLAS
 *   thread every product is computed by its caller. An explicit {@code OPENBLAS_NUM_THREADS} in the environment is
 *   left as it is.</li>
 *   <li><b>oneDNN's cache sizes.</b> Where a hypervisor hides the CPUID leaf that describes an AMD processor's
 *   caches, oneDNN believes them to be 1 byte each, and its reorders into channel-padded layouts compute wrong
 *   convolutions. {@link OneDnnCaches} finds that and gives oneDNN its default sizes before any model runs.</li>
 *   <li><b>A probe of oneDNN's padded layouts.</b> oneDNN computes convolutions whose channel count is not a multiple
 *   of its block (16 with AVX-512) on layouts padded to the block; the padding must hold zeros. The probe runs such
 *   convolutions, forward and backward, against float64, while every new CPU allocation is filled with NaN (c10's
 *   {@code caffe2_cpu_allocator_do_junk_fill}), so a padding left unwritten shows as NaN every time rather than
 *   now and then. Where it fails, new CPU allocations are zero-filled from then on
 *   ({@code caffe2_cpu_allocator_do_zero_fill}: about 11% slower on the paper's generator, measured on AMD Zen 4),
 *   and the probe is run again; if it still fails, oneDNN is turned off (right and slow). On the machines measured
 *   so far, the cache repair made the probe pass.</li>
 * </ol>
 */
public final class NativeRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
    /** Set by a user who chose OpenBLAS's thread count: then it is theirs. */
    static final String BLAS_THREADS_VARIABLE = "OPENBLAS_NUM_THREADS";
    /**
     * The shapes of the probe, (input channels, output channels): channel counts that oneDNN pads (24 to 32, 12 to
     * 16, 40 to 48 input channels; 8 and 24 output channels). 24 to 8 and 40 to 24 gave NaN on AMD Zen 5; 12 is the
     * geometric matcher's correlation at 64x48.
     */
    private static final long[][] PADDED_CHANNELS = {{24, 8}, {12, 8}, {40, 24}};
    /**
     * {@code -Dwuton.native.zeroFill=true} zero-fills every CPU allocation without probing: to measure what the
     * remedy costs, or to apply it where a fault the probe's shapes miss is suspected.
     */
    public static final String ZERO_FILL_PROPERTY = "wuton.native.zeroFill";
    /**
     * {@code -Dwuton.native.cacheRepair=false} leaves oneDNN's cache sizes as it read them: to see the fault the
     * repair prevents ({@link OneDnnCaches}), or to rule the repair out.
     */
    public static final String CACHE_REPAIR_PROPERTY = "wuton.native.cacheRepair";
    static final String JUNK_FILL = "caffe2_cpu_allocator_do_junk_fill";
    private static final String ZERO_FILL = "caffe2_cpu_allocator_do_zero_fill";
    private static final long PROBE_HEIGHT = 64;
    private static final long PROBE_WIDTH = 48;
    /** The largest difference from float64 that the probe accepts, as a share of the largest value. */
    private static final double PROBE_TOLERANCE = 1e-4;

    /** How the JVM's native libraries were set up. */
    public enum Padding {
        /** Convolutions on padded layouts are right even on NaN-filled memory: nothing was changed. */
        SOUND,
        /** They were not, and new CPU allocations are zero-filled, with which the probe passed (or as asked). */
        ZERO_FILLED,
        /** Even zero-filled allocations did not make them right: oneDNN is off for this JVM. */
        ONEDNN_OFF,
        /** The allocator flags could not be set (an unknown libtorch build): nothing was probed. */
        NOT_PROBED
    }

    /**
     * What {@link #configure()} did.
     *
     * @param blasThreads OpenBLAS's thread count: 1, or the user's {@code OPENBLAS_NUM_THREADS} as given
     * @param caches what oneDNN knew of the processor's caches, and whether it was repaired
     * @param padding what the padded-layout probe found
     */
    public record State(String blasThreads, OneDnnCaches.Outcome caches, Padding padding) {
    }

    private static State state;
    /** Whether every CPU allocation is zero-filled now (the remedy, or as asked). */
    private static volatile boolean zeroFilled;

    private NativeRuntime() {
    }

    /** Sets up the native libraries once per JVM; later calls return what the first one did. */
    public static synchronized State configure() {
        if (state == null) {
            String chosen = System.getenv(BLAS_THREADS_VARIABLE);
            if (chosen == null) {
                // the OpenBLAS that libtorch links is this one: the same library, loaded once (docs/native.md)
                org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
            }
            OneDnnCaches.Result caches = Boolean.parseBoolean(System.getProperty(CACHE_REPAIR_PROPERTY, "true"))
                ? OneDnnCaches.repair() : new OneDnnCaches.Result(OneDnnCaches.Outcome.NOT_FOUND, "not looked at");
            if (caches.outcome() == OneDnnCaches.Outcome.REPAIRED) {
                LOG.info("oneDNN read this processor's caches as {}: CPUID leaf 0x8000001D is hidden here (a "
                    + "hypervisor); it uses its default sizes instead (docs/native.md)", caches.detail());
                // NNPACK finds no caches either and refuses the machine, and libtorch asks it again, with a
                // warning line, at nearly every convolution; it would serve none that oneDNN serves
                torch.globalContext().setUserEnabledNNPACK(false);
            } else {
                LOG.debug("oneDNN's cache sizes: {} ({})", caches.outcome(), caches.detail());
            }
            Padding padding;
            if (Boolean.getBoolean(ZERO_FILL_PROPERTY)) {
                setZeroFill(true);
                padding = Padding.ZERO_FILLED;
                LOG.info("-D{}=true: CPU memory is zero-filled when allocated", ZERO_FILL_PROPERTY);
            } else {
                padding = probePadding();
            }
            state = new State(chosen == null ? "1" : chosen, caches.outcome(), padding);
            LOG.debug("native runtime: {}", state);
        }
        return state;
    }

    private static Padding probePadding() {
        return probePadding(NativeRuntime::paddedConvolutionsAreRight);
    }

    /**
     * Runs {@code probe} with NaN-filled allocations and applies the remedies in turn until it passes: nothing, then
     * zero-filled allocations, then oneDNN off. The probe is a parameter so that the remedies can be tested on a
     * machine where the real probe always passes.
     */
    static Padding probePadding(BooleanSupplier probe) {
        setZeroFill(false);
        if (!setAllocatorFlag(JUNK_FILL, true)) {
            LOG.warn("cannot set libtorch's allocator flags: the padded-layout probe did not run (docs/native.md)");
            return Padding.NOT_PROBED;
        }
        boolean sound;
        try {
            sound = probe.getAsBoolean();
        } finally {
            setAllocatorFlag(JUNK_FILL, false);
        }
        if (sound) {
            return Padding.SOUND;
        }
        // the process as it will run from now on: every allocation zeroed (c10 aborts the process when both fills
        // are asked for, so the junk fill is off here)
        setZeroFill(true);
        sound = probe.getAsBoolean();
        if (sound) {
            LOG.warn("oneDNN read channel padding it had not written on this CPU ({}): CPU memory is zero-filled "
                + "when allocated from now on, which costs speed (docs/native.md)", cpu());
            return Padding.ZERO_FILLED;
        }
        setZeroFill(false);
        torch.globalContext().setUserEnabledMkldnn(false);
        LOG.error("oneDNN gave wrong convolutions on this CPU ({}) even on zero-filled memory: oneDNN is off "
            + "for this process, which is several times slower (docs/native.md)", cpu());
        return Padding.ONEDNN_OFF;
    }

    /**
     * Fills every new CPU allocation with NaN until closed, so that code reading memory it never wrote gives NaN at
     * once instead of now and then: the instrument of the padded-layout probe and of the stress tests. Global to the
     * JVM: nothing else should run meanwhile.
     *
     * @throws IllegalStateException when this libtorch build does not know the flag
     */
    public static AutoCloseable junkFilledAllocations() {
        if (zeroFilled) {
            // the remedy is in force and wins: c10 aborts the process when both fills are asked for
            LOG.info("allocations are zero-filled in this JVM: no NaN fill");
            return () -> { };
        }
        if (!setAllocatorFlag(JUNK_FILL, true)) {
            throw new IllegalStateException("this libtorch has no " + JUNK_FILL + " flag");
        }
        return () -> setAllocatorFlag(JUNK_FILL, false);
    }

    /**
     * Convolutions on channel counts that oneDNN pads, forward and backward to the input and the weights, on fresh
     * tensors: true when every output and gradient agrees with the same convolution in float64 (which oneDNN does not
     * compute). Finite is not enough: on a machine whose caches oneDNN misread, the padding held zeros and the
     * convolutions were still wrong by tens (docs/native.md).
     */
    static boolean paddedConvolutionsAreRight() {
        // gradients on, whatever the caller's mode: the backward passes are part of the probe
        try (PointerScope scope = new PointerScope(); AutoGradMode grad = new AutoGradMode(true)) {
            for (long[] channels : PADDED_CHANNELS) {
                Tensor[] single = paddedConvolution(channels, torch.ScalarType.Float);
                Tensor[] reference = paddedConvolution(channels, torch.ScalarType.Double);
                for (int i = 0; i < single.length; i++) {
                    double scale = 1 + reference[i].abs().max().item_double();
                    double error = single[i].to(torch.ScalarType.Double).sub(reference[i]).abs().max().item_double();
                    // float32 sums of a few hundred products of values in [-1, 1] agree to about 1e-6 of the scale
                    if (!(error <= PROBE_TOLERANCE * scale)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** The output, the input's gradient and the weights' gradient of one 3x3 convolution, computed in {@code type}. */
    private static Tensor[] paddedConvolution(long[] channels, torch.ScalarType type) {
        Tensor x = pattern(2, channels[0], PROBE_HEIGHT, PROBE_WIDTH).to(type).requires_grad_(true);
        Tensor w = pattern(channels[1], channels[0], 3, 3).to(type).requires_grad_(true);
        Tensor b = pattern(channels[1]).to(type);
        Tensor y = torch.conv2d(x, w, new TensorOptional(b), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
            1);
        y.sum().backward();
        return new Tensor[] {y.detach(), x.grad(), w.grad()};
    }

    /**
     * sin(0), sin(1), sin(2)... in this shape: values of both signs in [-1, 1], made without the random generator,
     * whose state belongs to the caller (a probe that drew from it would change the weights of a model seeded before
     * it, and two processes seeded alike would no longer start alike).
     */
    private static Tensor pattern(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return torch.arange(new Scalar(n)).to(torch.ScalarType.Float).sin().reshape(shape);
    }

    private static void setZeroFill(boolean on) {
        setAllocatorFlag(ZERO_FILL, on);
        zeroFilled = on;
    }

    /** Sets one of c10's boolean flags; false when this libtorch build does not know it. */
    static boolean setAllocatorFlag(String name, boolean value) {
        try (PointerScope scope = new PointerScope()) {
            PointerPointer<BytePointer> argv = new PointerPointer<>("wuton", "--" + name + "=" + value);
            return torch.ParseCommandLineFlags(new int[] {2}, argv);
        }
    }

    /** "AMD EPYC, family 26 model 2": the processor, as /proc/cpuinfo names it (the architecture elsewhere). */
    static String cpu() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            Map<String, String> first = new LinkedHashMap<>();
            // the first processor's block: "key<tab>: value" lines up to the first blank one
            lines.takeWhile(l -> !l.isBlank()).filter(l -> l.indexOf(':') > 0).forEach(l -> first.putIfAbsent(
                l.substring(0, l.indexOf(':')).trim(), l.substring(l.indexOf(':') + 1).trim()));
            String family = first.containsKey("cpu family")
                ? ", family " + first.get("cpu family") + " model " + first.get("model") : "";
            return first.getOrDefault("model name", System.getProperty("os.arch")) + family;
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }
}
