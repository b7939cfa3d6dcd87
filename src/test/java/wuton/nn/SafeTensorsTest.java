package wuton.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static wuton.testing.TensorData.floats;
import static wuton.testing.TensorData.shape;
import static wuton.testing.TensorData.tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.nn.Activation;
import wuton.nn.ConvBlock;
import wuton.nn.Norm;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** A conv + batch norm block: float parameters and float and int64 buffers. */
    private static ConvBlock block() {
        ConvBlock b = new ConvBlock(3, 4, 3, 1, 1, Norm.BATCH, Activation.RELU);
        b.forward(torch.randn(2, 3, 5, 5));   // moves the running statistics away from their initial values
        return b;
    }

    @Test
    void moduleRoundTripsExactlyInF32() throws IOException {
        ConvBlock saved = block();
        Path file = dir.resolve("block.safetensors");
        SafeTensors.save(saved, file, SafeTensors.DType.F32, Map.of("step", "7"));
        ConvBlock loaded = new ConvBlock(3, 4, 3, 1, 1, Norm.BATCH, Activation.RELU);
        SafeTensors.load(loaded, file);
        assertSameTensors(saved.named_parameters(), loaded.named_parameters(), 0f);
        assertSameTensors(saved.named_buffers(), loaded.named_buffers(), 0f);
        assertThat(SafeTensors.read(file).metadata()).containsEntry("step", "7");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);   // no temporary file left behind
        }
    }

    @Test
    void moduleRoundTripsInF16WithinHalfPrecision() {
        ConvBlock saved = block();
        Path file = dir.resolve("half.safetensors");
        SafeTensors.save(saved, file, SafeTensors.DType.F16, Map.of());
        assertThat(SafeTensors.read(file).tensors().get("conv.weight").scalar_type().value).isEqualTo(torch.ScalarType.Half.value);
        ConvBlock loaded = new ConvBlock(3, 4, 3, 1, 1, Norm.BATCH, Activation.RELU);
        SafeTensors.load(loaded, file);
        assertSameTensors(saved.named_parameters(), loaded.named_parameters(), 1e-3f);
    }

    @Test
    void writesTheBytesOfTheFormat() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", tensor(new float[] {1.0f, -2.0f}, 2));
        SafeTensors.write(file, tensors, SafeTensors.DType.F16, Map.of());

        String json = "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";   // 54 bytes
        String header = json + "  ";                                                          // 8 + 56 = 64, aligned
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {56, 0, 0, 0, 0, 0, 0, 0});
        expected.write(header.getBytes(StandardCharsets.UTF_8));
        expected.write(new byte[] {0x00, 0x3C, 0x00, (byte) 0xC0});   // half 1.0 = 0x3C00, -2.0 = 0xC000, little-endian
        assertThat(Files.readAllBytes(file)).containsExactly(expected.toByteArray());
    }

    @Test
    void readsAHandBuiltFile() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},"
            + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        ByteBuffer file = ByteBuffer.allocate(8 + header.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8));
        file.putFloat(0.5f).putFloat(-3f).putLong(42);
        Path path = dir.resolve("hand.safetensors");
        Files.write(path, file.array());

        SafeTensors.Contents contents = SafeTensors.read(path);
        assertThat(contents.metadata()).containsEntry("format", "pt");
        assertThat(shape(contents.tensors().get("w"))).containsExactly(2, 1);
        assertThat(floats(contents.tensors().get("w"))).containsExactly(0.5f, -3f);
        assertThat(contents.tensors().get("n").item().toLong()).isEqualTo(42);
    }

    @Test
    void rejectsFilesThatAreNotSafetensors() throws IOException {
        Path path = dir.resolve("junk.safetensors");
        Files.write(path, new byte[] {(byte) 0xFF, 0x7F, 0, 0, 0, 0, 0, 0x7F, 1, 2});
        assertThatThrownBy(() -> SafeTensors.read(path)).isInstanceOf(UserError.class).hasMessageContaining("header");
    }

    /** A file of this header and this many zero data bytes. */
    private Path handBuilt(String name, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json);
        Path path = dir.resolve(name + ".safetensors");
        Files.write(path, file.array());
        return path;
    }

    @Test
    void refusesHeadersThatDisagreeWithTheFileBeforeAllocating() throws IOException {
        // each claim is checked against the 8 data bytes the file holds, before any tensor is made
        String[][] cases = {
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[200000000,200000000],\"data_offsets\":[0,8]}}", "do not match its shape"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807,4],\"data_offsets\":[0,8]}}", "more than 2^63 bytes"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", "not a list of sizes"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":{\"a\":1},\"data_offsets\":[0,8]}}", "has no shape"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", "16 bytes of data, the file has 8"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "overlap"},
            {"{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "gap after byte 0"},
            {"[1, 2]", "not a JSON object"},
            {"{\"w\": ", "malformed JSON at line 1"},
        };
        for (String[] c : cases) {
            Path file = handBuilt("bad", c[0], 8);
            assertThatThrownBy(() -> SafeTensors.read(file)).as(c[0]).isInstanceOf(UserError.class)
                .hasMessageStartingWith(file + ": ").hasMessageContaining(c[1])
                .message().doesNotContain("`").doesNotContain("\n");
        }
    }

    @Test
    void refusesAFileShorterThanItsLengthPrefix() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(UserError.class).hasMessageContaining("3 bytes");
    }

    @Test
    void loadNamesTheMissingOrMisshapenTensor() {
        Path file = dir.resolve("other.safetensors");
        SafeTensors.save(new ConvBlock(3, 8, 3, 1, 1, Norm.NONE, Activation.RELU), file, SafeTensors.DType.F32, Map.of());
        Module target = new ConvBlock(3, 4, 3, 1, 1, Norm.NONE, Activation.RELU);
        assertThatThrownBy(() -> SafeTensors.load(target, file)).isInstanceOf(UserError.class)
            .hasMessageContaining("conv.weight").hasMessageContaining("[8, 3, 3, 3]");
        Module withNorm = new ConvBlock(3, 8, 3, 1, 1, Norm.INSTANCE, Activation.RELU);
        assertThatThrownBy(() -> SafeTensors.load(withNorm, file)).isInstanceOf(UserError.class)
            .hasMessageContaining("norm.weight");
    }

    private static void assertSameTensors(StringTensorDict expected, StringTensorDict actual, float tolerance) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (long i = 0; i < expected.size(); i++) {
            String name = expected.get(i).key().getString();
            float[] e = floats(expected.get(i).value());
            float[] a = floats(actual.get(name));
            assertThat(a).as(name).hasSameSizeAs(e);
            for (int k = 0; k < e.length; k++) {
                assertThat(a[k]).as(name).isCloseTo(e[k], within(tolerance * Math.max(1f, Math.abs(e[k]))));
            }
        }
    }
}
