package wuton.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import wuton.common.AtomicFiles;
import wuton.common.Folders;
import wuton.common.UserError;
import wuton.data.NoisyParsing;
import wuton.data.OpenPoseJson;
import wuton.image.ImageFiles;

/**
 * Writes a {@link SyntheticWorld} in the VITON-HD layout, rendering people in parallel on all cores:
 * <pre>
 * ROOT/{train,test}/{image,cloth,cloth-mask,image-parse-v3,openpose_json,accessory-mask}/
 * ROOT/{train,test}/image-parse-v3-noisy/          with --parse-noise
 * ROOT/test/unpaired-gt/P__C.png, ROOT/test/unpaired-gt-parse/P__C.png
 * ROOT/train_pairs.txt, ROOT/test_pairs.txt, ROOT/world.json
 * </pre>
 * world.json is written last: its presence marks a complete world.
 */
public final class WorldWriter {
    /** The file-system block a small file takes at least, for {@link #estimatedBytes}. */
    static final int BLOCK_BYTES = 4096;
    /** Bumped whenever the same seed would draw different pictures. */
    public static final String GENERATOR_VERSION = "2";
    static final String TRAIN = "train", TEST = "test";
    static final String IMAGE = "image", CLOTH = "cloth", CLOTH_MASK = "cloth-mask", PARSE = "image-parse-v3",
        POSE = "openpose_json", ACCESSORY_MASK = "accessory-mask", NOISY_PARSE = PARSE + NoisyParsing.FOLDER_SUFFIX,
        UNPAIRED_GT = "unpaired-gt", UNPAIRED_GT_PARSE = "unpaired-gt-parse";

    private final SyntheticWorld world;
    private final Path root;

    public WorldWriter(SyntheticWorld world, Path root) {
        this.world = world;
        this.root = root;
    }

    /** The file stem of person (and garment) {@code index}, as VITON-HD names them. */
    public static String stem(int index) {
        return String.format(Locale.ROOT, "%05d_00", index);
    }

    /**
     * Prepares the output folder: refuses a non-empty folder unless {@code force}, in which case the
     * previous world's files (not anything else) are removed first.
     */
    public void prepare(boolean force) {
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new UserError(root + ": exists and is not a folder");
            }
            if (Files.isDirectory(root) && !Folders.isEmpty(root)) {
                if (!force) {
                    throw new UserError(root + ": folder is not empty (use --force to replace the world in it)");
                }
                for (String name : new String[] {TRAIN, TEST, "train_pairs.txt", "test_pairs.txt", "world.json"}) {
                    Folders.deleteRecursively(root.resolve(name));
                }
            }
            for (String split : new String[] {TRAIN, TEST}) {
                for (String folder : folders(split)) {
                    Files.createDirectories(root.resolve(split).resolve(folder));
                }
            }
        } catch (IOException e) {
            throw UserError.io("prepare", root, e);
        }
    }

    /** Renders and writes every person; {@code progress} is told each finished index (from any thread). */
    public void write(IntConsumer progress) {
        WorldConfig config = world.config();
        int[] testCloth = unpairedCloth();
        int trainCount = config.trainCount();
        IntStream.range(0, config.count()).parallel().forEach(i -> {
            boolean test = i >= trainCount;
            writePerson(i, test ? TEST : TRAIN, test ? testCloth[i - trainCount] : -1);
            progress.accept(i);
        });
        StringBuilder trainPairs = new StringBuilder(), testPairs = new StringBuilder();
        for (int i = 0; i < trainCount; i++) {
            trainPairs.append(stem(i)).append(".png ").append(stem(i)).append(".png\n");
        }
        for (int k = 0; k < testCloth.length; k++) {
            testPairs.append(stem(trainCount + k)).append(".png ").append(stem(testCloth[k])).append(".png\n");
        }
        AtomicFiles.write(root.resolve("train_pairs.txt"), trainPairs.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(root.resolve("test_pairs.txt"), testPairs.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(root.resolve("world.json"), worldJson());
    }

    private void writePerson(int index, String split, int unpairedCloth) {
        emitPerson(index, split, unpairedCloth, WorldWriter::write);
    }

    /**
     * About how many bytes the world takes on disk: one test person's files (the larger kind, with their truth),
     * each rounded up to a {@value #BLOCK_BYTES}-byte file-system block, times the number of people.
     */
    public long estimatedBytes() {
        long[] total = {0};
        emitPerson(0, TEST, 0, (file, content) -> total[0] += (content.length + BLOCK_BYTES - 1) / BLOCK_BYTES * BLOCK_BYTES);
        return total[0] * world.config().count();
    }

    /**
     * Refuses to start a world that would not fit in the free space of the disk it goes to, rather than fill the
     * disk and fail half-way.
     */
    public void checkDiskSpace() {
        long needed = estimatedBytes();
        Path existing = root.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            if (needed > free) {
                throw new UserError(root + ": the world needs about " + megabytes(needed) + " MB, and the disk has "
                    + megabytes(free) + " MB free");
            }
        } catch (IOException e) {
            throw UserError.io("check the free space of", existing, e);
        }
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Renders one person and hands each of their files, with its bytes, to {@code sink}. */
    private void emitPerson(int index, String split, int unpairedCloth, BiConsumer<Path, byte[]> sink) {
        WorldConfig config = world.config();
        int w = config.width(), h = config.height();
        String stem = stem(index);
        Path dir = root.resolve(split);
        Rendering person = world.render(index, index);
        sink.accept(dir.resolve(IMAGE).resolve(stem + ".png"), ImageFiles.rgbPng(person.rgb(), w, h));
        sink.accept(dir.resolve(PARSE).resolve(stem + ".png"), ImageFiles.labelPng(person.lipLabels(), w, h));
        sink.accept(dir.resolve(ACCESSORY_MASK).resolve(stem + ".png"), ImageFiles.grayPng(person.accessoryMask(), w, h));
        sink.accept(dir.resolve(POSE).resolve(stem + "_keypoints.json"), OpenPoseJson.write(person.keypoints()));
        if (config.parseNoise()) {
            sink.accept(dir.resolve(NOISY_PARSE).resolve(stem + ".png"), ImageFiles.labelPng(world.noisyParse(person, index), w, h));
        }
        int[] cloth = new int[w * h];
        byte[] mask = new byte[w * h];
        world.product(index, cloth, mask);
        sink.accept(dir.resolve(CLOTH).resolve(stem + ".png"), ImageFiles.rgbPng(cloth, w, h));
        sink.accept(dir.resolve(CLOTH_MASK).resolve(stem + ".png"), ImageFiles.grayPng(mask, w, h));
        if (unpairedCloth >= 0) {
            Rendering truth = world.render(index, unpairedCloth);
            String pair = stem + "__" + stem(unpairedCloth) + ".png";
            sink.accept(dir.resolve(UNPAIRED_GT).resolve(pair), ImageFiles.rgbPng(truth.rgb(), w, h));
            sink.accept(dir.resolve(UNPAIRED_GT_PARSE).resolve(pair), ImageFiles.labelPng(truth.lipLabels(), w, h));
        }
    }

    /**
     * Plain writes for the per-person files: they go into folders that {@link #prepare} emptied, and
     * world.json, written last and atomically, is what marks the world complete. A rename per file
     * would triple the cost of writing a world.
     */
    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw UserError.io("write", file, e);
        }
    }

    /**
     * For each test person, the index of the garment it is paired with in test_pairs.txt: another
     * test person's garment, as a random cyclic permutation (Sattolo's algorithm), so nobody keeps
     * their own.
     */
    int[] unpairedCloth() {
        WorldConfig config = world.config();
        int n = config.testCount();
        int[] cloth = new int[n];
        for (int k = 0; k < n; k++) {
            cloth[k] = config.trainCount() + k;
        }
        SplittableRandom r = world.pairRandom();
        for (int k = n - 1; k > 0; k--) {
            int j = r.nextInt(k);
            int t = cloth[k];
            cloth[k] = cloth[j];
            cloth[j] = t;
        }
        return cloth;
    }

    private byte[] worldJson() {
        WorldConfig c = world.config();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("generator", "wuton synth");
        root.put("version", GENERATOR_VERSION);
        root.put("seed", c.seed());
        root.put("count", c.count());
        root.put("train", c.trainCount());
        root.put("test", c.testCount());
        root.put("height", c.height());
        root.put("width", c.width());
        root.put("testFraction", c.testFraction());
        root.put("accessories", c.accessoryFraction());
        root.put("parseNoise", c.parseNoise());
        root.put("look", c.look().name().toLowerCase(Locale.ROOT));
        root.put("empty", c.look() == WorldConfig.Look.PHOTO ? c.emptyFraction() : 0);
        ObjectNode accessories = root.putObject("accessoryLabels");
        for (Part part : Part.values()) {
            if (part.isAccessory()) {
                accessories.put(part.name().toLowerCase(Locale.ROOT), part.lip.id);
            }
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> folders(String split) {
        List<String> folders = new ArrayList<>(List.of(IMAGE, CLOTH, CLOTH_MASK, PARSE, POSE, ACCESSORY_MASK));
        if (world.config().parseNoise()) {
            folders.add(NOISY_PARSE);
        }
        if (split.equals(TEST)) {
            folders.add(UNPAIRED_GT);
            folders.add(UNPAIRED_GT_PARSE);
        }
        return folders;
    }

}
