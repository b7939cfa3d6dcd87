package wuton;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.image.ImageLimits;
import wuton.image.Photos;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Wuton;
import wuton.modelfile.ModelFile;
import wuton.modelfile.TrainedModel;
import wuton.nn.SafeTensors;
import wuton.testing.HostileImages;
import wuton.testing.TinyModels;

/**
 * Seeded fuzzing of the readers of files users give: a few hundred corruptions each (bit flips, truncations,
 * headers that claim huge sizes) of a PNG, a JPEG and a model file. Each must give a result or a one-line
 * {@link UserError} naming the file, in the file's terms rather than a parser's; any other exception (a NullPointerException, an OutOfMemoryError, ...) is a
 * reader bug. A failure lists every case that leaked, with the seed and case number that rebuild it.
 */
class HostileFilesFuzzTest {
    private static final long SEED = 20240612;
    private static final int CASES = 300;
    /** Lower than the default so that a header claiming a size just under the limit still decodes quickly. */
    private static final ImageLimits LIMITS = ImageLimits.DEFAULT.withMaxPixels(4_000_000);

    /** What Jackson's messages hold and a user's should not: Java types in backquotes, its package, its source. */
    private static final Pattern PARSER_INTERNALS = Pattern.compile("`|com\\.fasterxml|\\[Source:");

    @TempDir
    Path dir;

    /** One corruption: its name for the report and the corrupted bytes. */
    private record Corruption(String name, byte[] bytes) {
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptPngs() throws Exception {
        byte[] png = HostileImages.encode(HostileImages.noise(40, 30, 1), "png");
        assertThat(fuzzPhoto("png", png, HostileFilesFuzzTest::claimPngSize)).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptJpegs() throws Exception {
        byte[] jpeg = HostileImages.encode(HostileImages.noise(40, 30, 2), "jpg");
        assertThat(fuzzPhoto("jpg", jpeg, HostileFilesFuzzTest::claimJpegSize)).isEmpty();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void corruptModelFiles() throws Exception {
        Path original = TinyModels.write(Files.createDirectories(dir.resolve("original")), "tiny", Stage.STUDENT);
        byte[] weights = Files.readAllBytes(original);
        byte[] description = Files.readAllBytes(ModelFile.descriptionOf(original));
        Path file = dir.resolve("case" + ModelFile.WEIGHTS_EXTENSION);
        Random random = new Random(SEED);
        List<String> leaks = new ArrayList<>();
        int valid = 0;
        Device cpu = new Device(torch.DeviceType.CPU);
        try (Wuton target = new Wuton(ModelConfig.of(ModelSize.TINY, 64, 48))) {
            for (int i = 0; i < CASES; i++) {
                boolean inWeights = i % 3 != 2;
                Corruption c = inWeights ? corrupt(weights, random, HostileFilesFuzzTest::editSafetensorsHeader)
                    : corrupt(description, random, (bytes, r) -> editNumber(bytes, r, "json"));
                Files.write(file, inWeights ? c.bytes() : weights);
                Files.write(ModelFile.descriptionOf(file), inWeights ? description : c.bytes());
                String name = "case " + i + " (" + (inWeights ? "weights" : "description") + ", " + c.name() + ")";
                boolean read = check(leaks, name, () -> {
                    if (inWeights) {
                        // the weights reader, then the names and shapes against a model's, as loading does
                        try (PointerScope scope = new PointerScope()) {
                            SafeTensors.read(file);
                            SafeTensors.load(target, file);
                        }
                    } else {
                        ModelFile.readFor(file);
                        TrainedModel.load(file, cpu).close();
                    }
                });
                valid += read ? 1 : 0;
            }
        }
        assertThat(leaks).isEmpty();
        assertMixed(valid);
    }

    /** Corrupts a photo {@link #CASES} times and reads each; the leaks. */
    private List<String> fuzzPhoto(String extension, byte[] original, BiFunction<byte[], Random, Corruption> headerEdit)
        throws Exception {
        Random random = new Random(SEED);
        List<String> leaks = new ArrayList<>();
        int valid = 0;
        Path file = dir.resolve("case." + extension);
        for (int i = 0; i < CASES; i++) {
            Corruption c = corrupt(original, random, headerEdit);
            Files.write(file, c.bytes());
            boolean read = check(leaks, "case " + i + " (" + c.name() + ")", () -> {
                BufferedImage image = Photos.read(file, LIMITS);
                assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            });
            valid += read ? 1 : 0;
        }
        assertMixed(valid);
        return leaks;
    }

    /** A read that must end normally or in a one-line user error naming a file; else a leak is recorded. */
    private interface Read {
        void run() throws Exception;
    }

    /** @return whether the read gave a result (else it was refused, rightly or not) */
    private boolean check(List<String> leaks, String name, Read read) {
        try {
            read.run();
            return true;
        } catch (UserError e) {
            if (e.getMessage().contains("\n") || !e.getMessage().contains(dir.toString())) {
                leaks.add(name + ": a user error not on one line naming the file: " + e.getMessage());
            } else if (PARSER_INTERNALS.matcher(e.getMessage()).find()) {
                leaks.add(name + ": a user error in the JSON parser's terms: " + e.getMessage());
            }
        } catch (Throwable e) { // OutOfMemoryError and StackOverflowError included: they are what a hostile file aims at
            leaks.add(name + ": " + e.toString().lines().findFirst().orElse("")); // not libtorch's native frames
        }
        return false;
    }

    /** Both outcomes must occur, or the corruptions tested only one path of the reader. */
    private static void assertMixed(int valid) {
        assertThat(valid).as("cases read as valid, of " + CASES).isBetween(1, CASES - 1);
    }

    /** One of four corruptions of a file, chosen at random. */
    private static Corruption corrupt(byte[] original, Random random, BiFunction<byte[], Random, Corruption> headerEdit) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    // half of them in the first 256 bytes, where headers are
                    int at = random.nextBoolean() ? random.nextInt(Math.min(256, bytes.length)) : random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
                return new Corruption(flips + " bit flips", bytes);
            }
            case 1 -> {
                int length = random.nextInt(bytes.length);
                return new Corruption("cut to " + length + " bytes", Arrays.copyOf(bytes, length));
            }
            case 2 -> {
                int at = random.nextInt(bytes.length), length = 1 + random.nextInt(16);
                byte value = random.nextBoolean() ? (byte) 0xff : 0;
                Arrays.fill(bytes, at, Math.min(bytes.length, at + length), value);
                return new Corruption(length + " bytes from " + at + " set to " + (value & 0xff), bytes);
            }
            default -> {
                return headerEdit.apply(bytes, random);
            }
        }
    }

    /** A side length: half of them plausible, half up to what the format can claim. */
    private static int side(Random random, int most) {
        return random.nextBoolean() ? 1 + random.nextInt(3000) : random.nextInt(most);
    }

    /** The PNG's IHDR claims another size (with its CRC fixed, mostly, so the reader believes it). */
    private static Corruption claimPngSize(byte[] png, Random random) {
        int width = random.nextInt(8) == 0 ? -1 - random.nextInt(1000) : side(random, Integer.MAX_VALUE);
        int height = side(random, Integer.MAX_VALUE);
        ByteBuffer b = ByteBuffer.wrap(png); // signature (8), IHDR length (4) and type (4), then width and height
        b.putInt(16, width).putInt(20, height);
        boolean fixCrc = random.nextInt(4) != 0;
        if (fixCrc) {
            byte[] fixed = HostileImages.chunk("IHDR", Arrays.copyOfRange(png, 16, 29));
            System.arraycopy(fixed, 0, png, 8, fixed.length);
        }
        return new Corruption("IHDR claims " + width + "x" + height + (fixCrc ? "" : ", stale CRC"), png);
    }

    /** The JPEG's start-of-frame claims another size (16 bits each side). */
    private static Corruption claimJpegSize(byte[] jpeg, Random random) {
        for (int i = 2; i + 8 < jpeg.length; i++) {
            int marker = jpeg[i + 1] & 0xff;
            if ((jpeg[i] & 0xff) == 0xff && marker >= 0xc0 && marker <= 0xc2) {
                int height = side(random, 1 << 16), width = side(random, 1 << 16);
                ByteBuffer.wrap(jpeg).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
                return new Corruption("SOF claims " + width + "x" + height, jpeg);
            }
        }
        throw new AssertionError("no start-of-frame marker in the JPEG");
    }

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+");
    private static final String[] HOSTILE_NUMBERS = {"-1", "0", "1", "2147483648", "4294967296", "9007199254740993",
        "9223372036854775807", "-9223372036854775808", "99999999999999999999999", "1e300", "3.5"};

    /** One number of a JSON text replaced by a hostile one: a size, an offset, a shape, a count. */
    private static Corruption editNumber(byte[] json, Random random, String what) {
        String text = new String(json, StandardCharsets.UTF_8);
        Matcher m = NUMBER.matcher(text);
        List<int[]> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(new int[] {m.start(), m.end()});
        }
        int[] at = numbers.get(random.nextInt(numbers.size()));
        String number = HOSTILE_NUMBERS[random.nextInt(HOSTILE_NUMBERS.length)];
        String edited = text.substring(0, at[0]) + number + text.substring(at[1]);
        return new Corruption(what + " number " + text.substring(at[0], at[1]) + " at " + at[0] + " set to " + number,
            edited.getBytes(StandardCharsets.UTF_8));
    }

    /** A safetensors file whose JSON header has one number replaced, its length prefix kept right. */
    private static Corruption editSafetensorsHeader(byte[] file, Random random) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) b.getLong(0);
        if (random.nextInt(5) == 0) {
            long claimed = random.nextBoolean() ? random.nextLong() : headerLength + random.nextInt(64) - 32;
            b.putLong(0, claimed);
            return new Corruption("header length set to " + claimed, file);
        }
        Corruption header = editNumber(Arrays.copyOfRange(file, 8, 8 + headerLength), random, "header");
        ByteBuffer out = ByteBuffer.allocate(8 + header.bytes().length + file.length - 8 - headerLength)
            .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.bytes().length).put(header.bytes()).put(file, 8 + headerLength, file.length - 8 - headerLength);
        return new Corruption(header.name(), out.array());
    }
}
