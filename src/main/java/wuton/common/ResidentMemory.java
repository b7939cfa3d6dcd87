package wuton.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The process's resident set size, libtorch's native memory included (which the JVM's counters miss). */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double KB_PER_MB = 1024.0;

    private ResidentMemory() {
    }

    /** VmRSS in MiB, or NaN where /proc is not available. */
    public static double megabytes() {
        return field("VmRSS:");
    }

    /** VmHWM, the peak resident set size of the process so far, in MiB, or NaN where /proc is not available. */
    public static double peakMegabytes() {
        return field("VmHWM:");
    }

    private static double field(String name) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(name)) {
                    // "VmRSS:	  123456 kB"
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / KB_PER_MB;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
