package wuton.nn;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The processor's cache sizes as oneDNN sees them, and their repair where a hypervisor hides them.
 *
 * <p>oneDNN (3.7.1 in libtorch 2.10; its later releases do the same) reads an AMD processor's caches from CPUID leaf
 * {@code 0x8000001D} through its copy of xbyak ({@code Xbyak::util::Cpu::setCacheHierarchy}), each cache's size as
 * (ways + 1)(partitions + 1)(line size + 1)(sets + 1) from the leaf's fields, without checking that the leaf describes
 * a cache. A hypervisor that does not pass that leaf through (no {@code topoext} flag in {@code /proc/cpuinfo}: seen
 * on a 2-core cloud VM with an AMD EPYC of family 26) answers zeros, so oneDNN believes in three levels of cache of 1
 * byte each. It then blocks its kernels for caches of nothing, and its reorder into channel-padded layouts
 * ({@code jit_uni_reorder}, which blocks for the cache whenever the inner dimension exceeds 3/4 of L1) takes a path
 * that leaves the padding unwritten: convolutions whose channel count is not a multiple of 16 read whatever memory
 * was there, NaN or wrong numbers (docs/native.md).
 *
 * <p>oneDNN has no setting for its cache sizes, so this class corrects the one value it keeps: the function-local
 * static {@code dnnl::impl::cpu::x64::cpu()::cpu_} in {@code libtorch_cpu.so}, found by name in the library's symbol
 * table. Only when that object holds exactly what a zeroed leaf gives (three levels of 1 byte) is anything written:
 * its number of known cache levels becomes 0, which is oneDNN's own path for a processor whose caches it cannot read
 * ({@code platform::get_per_core_cache_size} then answers 32 KiB, 512 KiB and 1 MiB per core). Another library,
 * another layout, real sizes: nothing is written, and {@link NativeRuntime}'s probe still guards the result.
 *
 * <p>The layout of {@code Xbyak::util::Cpu} (xbyak 7.05, 144 bytes): a 16-byte feature set, a bool, two
 * {@code uint32} core counts, ten data cache sizes at byte 28, ten sharing counts at byte 68, the number of levels at
 * byte 108.
 */
public final class OneDnnCaches {
    /** What was found. */
    public enum Outcome {
        /** oneDNN read real cache sizes (or knew of none): nothing to do. */
        READ,
        /** The hidden-leaf sizes were found and replaced by oneDNN's defaults. */
        REPAIRED,
        /** The object could not be found or did not look as expected: nothing was written. */
        NOT_FOUND
    }

    /**
     * What {@link #repair()} did.
     *
     * @param outcome what was found
     * @param detail the sizes read, or why nothing was found
     */
    public record Result(Outcome outcome, String detail) {
    }

    static final String LIBRARY = "libtorch_cpu.so";
    /** {@code dnnl::impl::cpu::x64::cpu()::cpu_} */
    static final String CPU_OBJECT = "_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_";
    /** Its initialisation guard: the first byte is non-zero once the object is constructed. */
    static final String CPU_GUARD = "_ZGVZN4dnnl4impl3cpu3x643cpuEvE4cpu_";
    static final long CPU_OBJECT_SIZE = 144;
    private static final int SIZES_INT = 28 / Integer.BYTES;
    private static final int LEVELS_INT = 108 / Integer.BYTES;
    private static final int MAX_LEVELS = 10;
    /** The number of cache levels that xbyak's AMD path always sets. */
    private static final int AMD_LEVELS = 3;

    private OneDnnCaches() {
    }

    /**
     * Finds oneDNN's view of the caches and repairs it where it is the hidden-leaf one. A second call finds the
     * repaired view ({@link Outcome#READ}, no levels) and writes nothing.
     */
    public static synchronized Result repair() {
        Loader.load(torch.class);
        Map<String, Long> addresses;
        try {
            addresses = locate();
        } catch (IOException | RuntimeException e) {
            return new Result(Outcome.NOT_FOUND, "cannot read " + LIBRARY + "'s symbols: " + e.getMessage());
        }
        if (addresses == null) {
            return new Result(Outcome.NOT_FOUND, LIBRARY + " has no symbol " + CPU_OBJECT + " of " + CPU_OBJECT_SIZE
                + " bytes");
        }
        if (!constructed(addresses.get(CPU_GUARD))) {
            constructByUsingOneDnn();
            if (!constructed(addresses.get(CPU_GUARD))) {
                return new Result(Outcome.NOT_FOUND, "oneDNN did not initialise its processor description");
            }
        }
        IntPointer cpu = ints(addresses.get(CPU_OBJECT), CPU_OBJECT_SIZE / Integer.BYTES);
        int levels = cpu.get(LEVELS_INT);
        StringBuilder sizes = new StringBuilder();
        boolean hiddenLeaf = levels == AMD_LEVELS;
        for (int i = 0; i < MAX_LEVELS; i++) {
            int size = cpu.get(SIZES_INT + i);
            if (i < levels) {
                sizes.append(i == 0 ? "" : ", ").append("L").append(i + 1).append(' ').append(size).append(" B");
            }
            hiddenLeaf &= size == (i < AMD_LEVELS ? 1 : 0);
        }
        String detail = levels + " cache levels" + (levels > 0 ? " (" + sizes + ")" : "");
        if (!hiddenLeaf) {
            boolean plausible = levels >= 0 && levels <= MAX_LEVELS;
            return new Result(plausible ? Outcome.READ : Outcome.NOT_FOUND, detail);
        }
        cpu.put(LEVELS_INT, 0);
        return new Result(Outcome.REPAIRED, detail);
    }

    /**
     * The data cache sizes in bytes that oneDNN uses now, L1 first, as read from its object (empty where it knows
     * none and uses its defaults); null where the object cannot be found or is not built yet.
     */
    static int[] knownSizes() {
        try {
            Map<String, Long> addresses = locate();
            if (addresses == null || !constructed(addresses.get(CPU_GUARD))) {
                return null;
            }
            IntPointer cpu = ints(addresses.get(CPU_OBJECT), CPU_OBJECT_SIZE / Integer.BYTES);
            int[] sizes = new int[Math.min(Math.max(cpu.get(LEVELS_INT), 0), MAX_LEVELS)];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = cpu.get(SIZES_INT + i);
            }
            return sizes;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The addresses of the object and its guard in this process, or null where the library lacks them: the library
     * as mapped (the line of /proc/self/maps with file offset 0), plus each symbol's value from its symbol table.
     */
    static Map<String, Long> locate() throws IOException {
        Path library = null;
        long base = 0;
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        for (String line : maps) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[5].endsWith("/" + LIBRARY) && Long.parseLong(f[2], 16) == 0) {
                library = Path.of(f[5]);
                base = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
                break;
            }
        }
        if (library == null) {
            throw new IOException(LIBRARY + " is not mapped in this process");
        }
        Map<String, Long> symbols = ElfSymbols.find(library, Map.of(CPU_OBJECT, CPU_OBJECT_SIZE, CPU_GUARD, 8L));
        if (symbols.size() < 2) {
            return null;
        }
        Map<String, Long> addresses = new HashMap<>();
        // a shared library's first segment is mapped at file offset 0 and address 0 in its own numbering (checked in
        // ElfSymbols), so a symbol's value is its offset from where that segment lies
        for (Map.Entry<String, Long> symbol : symbols.entrySet()) {
            addresses.put(symbol.getKey(), base + symbol.getValue());
        }
        return addresses;
    }

    private static boolean constructed(long guard) {
        return ints(guard, 1).get(0) != 0;
    }

    /**
     * Makes oneDNN build its processor description: one small convolution of a shape no model has (oneDNN caches
     * primitives by shape, and this one is compiled with the sizes as they are).
     */
    private static void constructByUsingOneDnn() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = torch.ones(2, 16, 5, 7);
            Tensor w = torch.ones(16, 16, 3, 3);
            torch.conv2d(x, w, new TensorOptional(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, 1);
        }
    }

    /** {@code count} native ints at {@code address}, read and written in place. */
    private static IntPointer ints(long address, long count) {
        return new NativeInts(address, count);
    }

    /** A view of native memory this JVM did not allocate (JavaCPP's fields are protected: a subclass sets them). */
    private static final class NativeInts extends IntPointer {
        NativeInts(long address, long count) {
            this.address = address;
            this.limit = count;
            this.capacity = count;
        }
    }

    /** The few facts of an ELF64 shared library that {@link #locate()} needs. */
    static final class ElfSymbols {
        private static final int SHT_SYMTAB = 2;
        private static final int STT_OBJECT = 1;
        private static final int PT_LOAD = 1;
        private static final int SYMBOL_BYTES = 24;

        private ElfSymbols() {
        }

        /**
         * The values of the named data symbols of the given sizes in the library's static symbol table ({@code
         * .symtab}); names absent or of another size are left out.
         */
        static Map<String, Long> find(Path library, Map<String, Long> sizes) throws IOException {
            Map<String, Long> found = new HashMap<>();
            try (FileChannel file = FileChannel.open(library, StandardOpenOption.READ)) {
                MappedByteBuffer header = map(file, 0, 64);
                if (header.getInt(0) != 0x464c457f || header.get(4) != 2 || header.get(5) != 1) {
                    throw new IOException(library + " is not a little-endian 64-bit ELF file");
                }
                long phoff = header.getLong(0x20);
                long shoff = header.getLong(0x28);
                int phentsize = Short.toUnsignedInt(header.getShort(0x36));
                int phnum = Short.toUnsignedInt(header.getShort(0x38));
                int shentsize = Short.toUnsignedInt(header.getShort(0x3A));
                int shnum = Short.toUnsignedInt(header.getShort(0x3C));
                MappedByteBuffer programs = map(file, phoff, (long) phentsize * phnum);
                for (int i = 0; i < phnum; i++) {
                    int at = i * phentsize;
                    if (programs.getInt(at) == PT_LOAD && programs.getLong(at + 8) == 0
                        && programs.getLong(at + 16) != 0) {
                        throw new IOException(library + " maps file offset 0 at a non-zero address");
                    }
                }
                MappedByteBuffer sections = map(file, shoff, (long) shentsize * shnum);
                for (int i = 0; i < shnum; i++) {
                    int at = i * shentsize;
                    if (sections.getInt(at + 4) != SHT_SYMTAB) {
                        continue;
                    }
                    long symOffset = sections.getLong(at + 24);
                    long symSize = sections.getLong(at + 32);
                    int link = sections.getInt(at + 40);
                    int linkAt = link * shentsize;
                    MappedByteBuffer names = map(file, sections.getLong(linkAt + 24), sections.getLong(linkAt + 32));
                    MappedByteBuffer symbols = map(file, symOffset, symSize);
                    for (long s = 0; s + SYMBOL_BYTES <= symSize; s += SYMBOL_BYTES) {
                        int p = (int) s;
                        long size = symbols.getLong(p + 16);
                        if ((symbols.get(p + 4) & 0xf) != STT_OBJECT || !sizes.containsValue(size)) {
                            continue;
                        }
                        String name = name(names, symbols.getInt(p));
                        if (sizes.containsKey(name) && sizes.get(name) == size) {
                            found.put(name, symbols.getLong(p + 8));
                        }
                    }
                }
            }
            return found;
        }

        private static MappedByteBuffer map(FileChannel file, long offset, long size) throws IOException {
            if (size > Integer.MAX_VALUE || offset + size > file.size()) {
                throw new IOException("an ELF section lies outside the file");
            }
            MappedByteBuffer buffer = file.map(FileChannel.MapMode.READ_ONLY, offset, size);
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return buffer;
        }

        private static String name(MappedByteBuffer names, int offset) {
            int end = offset;
            while (end < names.limit() && names.get(end) != 0) {
                end++;
            }
            byte[] bytes = new byte[end - offset];
            names.get(offset, bytes);
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }
}
