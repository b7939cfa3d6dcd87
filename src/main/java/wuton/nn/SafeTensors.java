package wuton.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import wuton.common.AtomicFiles;
import wuton.common.JsonErrors;
import wuton.common.UserError;

/**
 * Reads and writes the safetensors format (huggingface/safetensors), which PyTorch, JAX and most tools read:
 *
 * <pre>
 * 8 bytes      N, the header length, unsigned little-endian
 * N bytes      UTF-8 JSON: {"__metadata__": {string: string}, (optional)
 *                           name: {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}
 *              padded with spaces so that the data starts 8-byte aligned
 * rest         raw little-endian tensor data, row-major; offsets are relative to the start of this block
 * </pre>
 *
 * Module checkpoints hold {@code named_parameters()} and {@code named_buffers()} under their dotted names
 * ({@code unet.decoder_4.conv.weight}); floating tensors in the chosen {@link DType}, integer buffers as I64.
 * Writes are atomic: a temporary file in the same folder, flushed to disk, then renamed over the target.
 */
public final class SafeTensors {
    private static final String METADATA_KEY = "__metadata__";
    private static final int LENGTH_BYTES = Long.BYTES;
    private static final int ALIGNMENT = 8;
    /** A header beyond this is a corrupt or hostile file, not a checkpoint (safetensors itself caps at 100 MB). */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Element types handled; the names are the format's. */
    public enum DType {
        F64(ScalarType.Double, 8),
        F32(ScalarType.Float, 4),
        F16(ScalarType.Half, 2),
        BF16(ScalarType.BFloat16, 2),
        I32(ScalarType.Int, 4),
        I64(ScalarType.Long, 8),
        /** Quantised weights: codes whose meaning the file's metadata gives (the shipped Inception layers). */
        U8(ScalarType.Byte, 1);

        private final ScalarType scalarType;
        /** Bytes per element. */
        private final int bytes;

        DType(ScalarType scalarType, int bytes) {
            this.scalarType = scalarType;
            this.bytes = bytes;
        }

        public ScalarType scalarType() {
            return scalarType;
        }

        static DType of(ScalarType type, String name) {
            for (DType d : values()) {
                // by value: the enum objects libtorch hands back are not always the constants themselves
                if (d.scalarType.value == type.value) {
                    return d;
                }
            }
            throw new IllegalArgumentException("tensor '" + name + "': element type " + type + " is not supported");
        }

        static DType parse(String name, Path file) {
            try {
                return valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new UserError(file + ": unsupported safetensors dtype " + quoted(name) + " (supported: "
                    + Arrays.toString(values()) + ")");
            }
        }
    }

    /** A file's tensors (CPU, in their stored element type, in file order) and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    static {
        // tensor bytes are copied as they lie in memory; the format is little-endian
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("safetensors I/O assumes a little-endian machine");
        }
    }

    private SafeTensors() {
    }

    /**
     * Writes tensors (any device) to {@code file} atomically.
     *
     * @param floatType how floating-point tensors are stored; integer tensors keep their type
     */
    public static void write(Path file, Map<String, Tensor> tensors, DType floatType, Map<String, String> metadata) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Object> header = new LinkedHashMap<>();
            if (!metadata.isEmpty()) {
                header.put(METADATA_KEY, metadata);
            }
            Device cpu = new Device(torch.DeviceType.CPU);
            List<Tensor> data = new ArrayList<>();
            long offset = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                DType type = t.is_floating_point() ? floatType : DType.of(t.scalar_type(), e.getKey());
                Tensor stored = t.detach().to(cpu, type.scalarType()).contiguous();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("dtype", type.name());
                entry.put("shape", stored.sizes().vec().get());
                entry.put("data_offsets", new long[] {offset, offset + stored.nbytes()});
                header.put(e.getKey(), entry);
                offset += stored.nbytes();
                data.add(stored);
            }
            writeAtomically(file, headerBytes(header), data);
        }
    }

    /** Writes a module's parameters and buffers. */
    public static void save(Module module, Path file, DType floatType, Map<String, String> metadata) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            putAll(tensors, module.named_parameters());
            putAll(tensors, module.named_buffers());
            write(file, tensors, floatType, metadata);
        }
    }

    /**
     * Reads every tensor of {@code file}. The tensors belong to the caller's {@link PointerScope}, if any. The
     * header is checked whole before any tensor is made, as the reference implementation checks it: sizes, element
     * types and shapes must agree with the data offsets, and the tensors' bytes must tile the data that follows the
     * header exactly. So a damaged or hostile file is refused in one line and never makes wuton allocate more than
     * the file holds.
     *
     * @throws UserError if the file is not a valid safetensors file
     */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < LENGTH_BYTES) {
                throw new UserError(file + ": not a safetensors file (" + size + " bytes)");
            }
            ByteBuffer lengthBytes = readFully(channel, ByteBuffer.allocate(LENGTH_BYTES), 0);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - LENGTH_BYTES) {
                throw new UserError(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = readFully(channel, ByteBuffer.allocate((int) headerLength), LENGTH_BYTES);
            JsonNode header = parseHeader(file, headerBytes.array());
            long dataStart = LENGTH_BYTES + headerLength;
            List<Entry> entries = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals(METADATA_KEY)) {
                    field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                } else {
                    entries.add(Entry.parse(file, field.getKey(), field.getValue()));
                }
            }
            checkTiling(file, entries, size - dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry entry : entries) {
                tensors.put(entry.name(), entry.read(channel, dataStart));
            }
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parseHeader(Path file, byte[] bytes) {
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not a safetensors file (its header: " + JsonErrors.describe(e) + ")");
        }
        if (header == null || !header.isObject()) {
            throw new UserError(file + ": not a safetensors file (its header is not a JSON object)");
        }
        return header;
    }

    /** One tensor of a file's header, checked: its shape's bytes are its data range's. */
    private record Entry(String name, DType type, long[] shape, long begin, long end) {
        static Entry parse(Path file, String name, JsonNode entry) {
            DType type = DType.parse(entry.path("dtype").asText(), file);
            JsonNode shapeNode = entry.path("shape");
            if (!shapeNode.isArray()) {
                throw bad(file, name, "has no shape");
            }
            long[] shape = new long[shapeNode.size()];
            long bytes = type.bytes;
            try {
                for (int i = 0; i < shape.length; i++) {
                    JsonNode d = shapeNode.get(i);
                    if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.asLong() < 0) {
                        throw bad(file, name, "has a shape that is not a list of sizes");
                    }
                    shape[i] = d.asLong();
                    bytes = Math.multiplyExact(bytes, shape[i]);
                }
            } catch (ArithmeticException overflow) {
                throw bad(file, name, "has a shape of more than 2^63 bytes");
            }
            JsonNode offsets = entry.path("data_offsets");
            long begin = offsets.path(0).canConvertToExactIntegral() ? offsets.path(0).asLong(-1) : -1;
            long end = offsets.path(1).canConvertToExactIntegral() ? offsets.path(1).asLong(-1) : -1;
            if (offsets.size() != 2 || begin < 0 || end < begin || end - begin != bytes) {
                throw bad(file, name, "has data offsets [" + begin + ", " + end + "] that do not match its shape "
                    + Arrays.toString(shape) + " and dtype " + type);
            }
            return new Entry(name, type, shape, begin, end);
        }

        Tensor read(FileChannel channel, long dataStart) throws IOException {
            Tensor t = torch.empty(shape, new TensorOptions(type.scalarType()), new MemoryFormatOptional());
            if (end > begin) {
                readFully(channel, buffer(t), dataStart + begin);
            }
            return t;
        }
    }

    /** The tensors' byte ranges, in offset order, must cover the data block without a gap or an overlap. */
    private static void checkTiling(Path file, List<Entry> entries, long dataBytes) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        for (Entry e : byOffset) {
            if (e.begin() != covered) {
                throw bad(file, e.name(), "has data offsets [" + e.begin() + ", " + e.end() + "] that "
                    + (e.begin() < covered ? "overlap another tensor's" : "leave a gap after byte " + covered));
            }
            covered = e.end();
        }
        if (covered != dataBytes) {
            throw new UserError(file + ": the tensors hold " + covered + " bytes of data, the file has " + dataBytes
                + (covered > dataBytes ? " (truncated?)" : ""));
        }
    }

    private static UserError bad(Path file, String name, String problem) {
        return new UserError(file + ": tensor " + quoted(name) + " " + problem);
    }

    /** A name from a file, for a one-line message: quoted, control characters escaped, long ones cut. */
    private static String quoted(String name) {
        StringBuilder b = new StringBuilder("'");
        name.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(name.codePointCount(0, name.length()) > 80 ? "...'" : "'").toString();
    }

    /**
     * Copies the tensors of {@code file} into the module's parameters and buffers of the same names,
     * converting the element type. Every parameter and buffer must be present with its exact shape, and the
     * file must hold nothing else.
     */
    public static void load(Module module, Path file) {
        load(module, file, "", false);
    }

    /**
     * As {@link #load(Module, Path)}, for a module whose tensors are stored under {@code prefix} (a submodule
     * of the model that wrote the file: prefix {@code "features."} reads {@code features.0.weight} into the
     * module's {@code 0.weight}).
     *
     * @param ignoreUnexpected whether tensors the module does not have are skipped (e.g. the classifier of a
     *     full torchvision VGG19 file) rather than an error
     */
    public static void load(Module module, Path file, String prefix, boolean ignoreUnexpected) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Map<String, Tensor> stored = new LinkedHashMap<>(read(file).tensors());
            Map<String, Tensor> targets = new LinkedHashMap<>();
            putAll(targets, module.named_parameters());
            putAll(targets, module.named_buffers());
            for (Map.Entry<String, Tensor> target : targets.entrySet()) {
                String name = prefix + target.getKey();
                Tensor source = stored.remove(name);
                if (source == null) {
                    throw new UserError(file + ": no tensor '" + name + "'");
                }
                long[] expected = target.getValue().sizes().vec().get();
                long[] found = source.sizes().vec().get();
                if (!Arrays.equals(expected, found)) {
                    throw new UserError(file + ": tensor '" + name + "' has shape " + Arrays.toString(found)
                        + ", the model expects " + Arrays.toString(expected));
                }
                target.getValue().copy_(source);
            }
            if (!ignoreUnexpected && !stored.isEmpty()) {
                throw new UserError(file + ": tensors the model does not have: "
                    + String.join(", ", stored.keySet().stream().limit(5).map(SafeTensors::quoted).toList())
                    + (stored.size() > 5 ? " and " + (stored.size() - 5) + " more" : ""));
            }
        }
    }

    private static byte[] headerBytes(Map<String, Object> header) {
        try {
            byte[] json = JSON.writeValueAsBytes(header);
            int padding = (ALIGNMENT - (LENGTH_BYTES + json.length) % ALIGNMENT) % ALIGNMENT;
            byte[] padded = Arrays.copyOf(json, json.length + padding);
            Arrays.fill(padded, json.length, padded.length, (byte) ' ');
            return padded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, byte[] header, List<Tensor> data) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw UserError.io("create the folder of", file, e);
        }
        AtomicFiles.write(file, temporary -> {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer length = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
                writeFully(channel, length.flip());
                writeFully(channel, ByteBuffer.wrap(header));
                for (Tensor t : data) {
                    if (t.nbytes() > 0) {
                        writeFully(channel, buffer(t));
                    }
                }
                channel.force(true); // a checkpoint must survive a power cut once its rename is done
            }
        });
    }

    /** A view of a contiguous CPU tensor's bytes. */
    private static ByteBuffer buffer(Tensor t) {
        return new BytePointer(t.data_ptr()).capacity(t.nbytes()).asByteBuffer();
    }

    private static ByteBuffer readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
        return into;
    }

    private static void writeFully(FileChannel channel, ByteBuffer from) throws IOException {
        while (from.hasRemaining()) {
            channel.write(from);
        }
    }

    private static void putAll(Map<String, Tensor> into, StringTensorDict dict) {
        for (long i = 0; i < dict.size(); i++) {
            into.put(dict.get(i).key().getString(), dict.get(i).value());
        }
    }
}
