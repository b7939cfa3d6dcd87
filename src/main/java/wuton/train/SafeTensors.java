package wuton.train;

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
import wuton.AtomicFiles;
import wuton.UserError;

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
        F32(ScalarType.Float),
        F16(ScalarType.Half),
        BF16(ScalarType.BFloat16),
        I64(ScalarType.Long);

        private final ScalarType scalarType;

        DType(ScalarType scalarType) {
            this.scalarType = scalarType;
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
                throw new UserError(file + ": unsupported safetensors dtype " + name + " (supported: "
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
     * Reads every tensor of {@code file}. The tensors belong to the caller's {@link PointerScope}, if any.
     *
     * @throws UserError if the file is not a valid safetensors file
     */
    public static Contents read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = readFully(channel, ByteBuffer.allocate(LENGTH_BYTES), 0);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || LENGTH_BYTES + headerLength > size) {
                throw new UserError(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = readFully(channel, ByteBuffer.allocate((int) headerLength), LENGTH_BYTES);
            JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            long dataStart = LENGTH_BYTES + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals(METADATA_KEY)) {
                    field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                } else {
                    tensors.put(field.getKey(), readTensor(channel, file, field.getKey(), field.getValue(), dataStart, size));
                }
            }
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
                throw new UserError(file + ": tensors the model does not have: " + stored.keySet());
            }
        }
    }

    private static Tensor readTensor(FileChannel channel, Path file, String name, JsonNode entry, long dataStart, long size)
        throws IOException {
        DType type = DType.parse(entry.path("dtype").asText(), file);
        JsonNode shapeNode = entry.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        long begin = entry.path("data_offsets").path(0).asLong(-1);
        long end = entry.path("data_offsets").path(1).asLong(-1);
        Tensor t = torch.empty(shape, new TensorOptions(type.scalarType()), new MemoryFormatOptional());
        if (begin < 0 || end - begin != t.nbytes() || dataStart + end > size) {
            throw new UserError(file + ": tensor '" + name + "' has data offsets [" + begin + ", " + end
                + "] that do not match its shape " + Arrays.toString(shape) + " and dtype " + type);
        }
        if (t.nbytes() > 0) {
            readFully(channel, buffer(t), dataStart + begin);
        }
        return t;
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
