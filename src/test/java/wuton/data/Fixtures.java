package wuton.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import wuton.data.OpenPoseJson;
import wuton.data.PoseJson;
import wuton.image.ImageFiles;
import wuton.image.Plane;
import wuton.labels.Body25Keypoint;
import wuton.labels.CocoKeypoint;
import wuton.labels.DressCodeLabel;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

/**
 * Writes tiny datasets in each layout wuton reads, drawn with {@link Figure}: person i wears garment i.
 * Also a command for trying the CLI by hand:
 * {@code java -cp target/test-classes:target/classes:$(cat target/classpath.txt) wuton.data.Fixtures viton-hd DIR 8 48 64 [.jpg]}
 * (layout, folder, persons per split, width, height, and for VITON-HD the image extension).
 */
public final class Fixtures {
    /** The pose file flavours. */
    enum PoseFlavour { COCO18, BODY25, OLD_KEY }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int w = Integer.parseInt(args[3]);
        int h = Integer.parseInt(args[4]);
        switch (args[0]) {
            case "viton-hd" -> vitonHd(root, n, w, h, args.length > 5 ? args[5] : ".png", ".png", PoseFlavour.COCO18);
            case "viton" -> viton(root, n, w, h);
            case "dresscode" -> dressCode(root, n, w, h);
            case "mpv" -> mpv(root, n, w, h);
            default -> throw new IllegalArgumentException("unknown layout " + args[0]);
        }
    }

    /** A 48x64 VITON-HD fixture with n persons per split (for tests outside this package). */
    public static Path vitonHd(Path root, int n) {
        return vitonHd(root, n, 48, 64, ".png", ".png", PoseFlavour.COCO18);
    }

    /**
     * VITON-HD with n persons per split named {@code 0000i_00}: train pairs paired, test pairs unpaired
     * (person i with garment i+1 mod n) with their ground truth in {@code test/unpaired-gt(-parse)}.
     *
     * @param fileExt   the extension of the person, garment and mask files
     * @param listedExt the extension the pair files name
     */
    static Path vitonHd(Path root, int n, int w, int h, String fileExt, String listedExt, PoseFlavour pose) {
        for (Split split : Split.values()) {
            Path dir = root.resolve(split.folder());
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = String.format(Locale.ROOT, "%05d_00", i);
                writePerson(Figure.draw(w, h, i), dir.resolve("image/" + id + fileExt),
                    dir.resolve("image-parse-v3/" + id + ".png"), dir.resolve("openpose_json/" + id + "_keypoints.json"), pose);
                writeGarment(w, h, i, dir.resolve("cloth/" + id + fileExt), dir.resolve("cloth-mask/" + id + fileExt));
                int cloth = split == Split.TRAIN ? i : (i + 1) % n;
                String clothId = String.format(Locale.ROOT, "%05d_00", cloth);
                pairs.add(id + listedExt + " " + clothId + listedExt);
                if (split == Split.TEST) {
                    Figure truth = Figure.draw(w, h, cloth);
                    write(truth.image(), dir.resolve("unpaired-gt/" + id + "__" + clothId + ".png"));
                    writeParse(truth.parse(), dir.resolve("unpaired-gt-parse/" + id + "__" + clothId + ".png"));
                }
            }
            writeLines(root.resolve(split.folder() + "_pairs.txt"), pairs);
        }
        return root;
    }

    /** VITON / CP-VTON: {@code 00000i_0.png} persons, {@code 00000i_1.png} garments, old {@code pose_keypoints}. */
    static Path viton(Path root, int n, int w, int h) {
        for (Split split : Split.values()) {
            Path dir = root.resolve(split.folder());
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = String.format(Locale.ROOT, "%06d", i);
                writePerson(Figure.draw(w, h, i), dir.resolve("image/" + id + "_0.png"),
                    dir.resolve("image-parse/" + id + "_0.png"), dir.resolve("pose/" + id + "_0_keypoints.json"),
                    PoseFlavour.OLD_KEY);
                writeGarment(w, h, i, dir.resolve("cloth/" + id + "_1.png"), dir.resolve("cloth-mask/" + id + "_1.png"));
                int cloth = split == Split.TRAIN ? i : (i + 1) % n;
                pairs.add(id + "_0.jpg " + String.format(Locale.ROOT, "%06d_1.jpg", cloth));
            }
            writeLines(root.resolve(split.folder() + "_pairs.txt"), pairs);
        }
        return root;
    }

    /**
     * DressCode {@code upper_body}: gray label maps in DressCode ids (the neck drawn as head), keypoints in
     * the 384x512 frame, no garment masks; n train samples, n test samples.
     */
    static Path dressCode(Path root, int n, int w, int h) {
        Path dir = root.resolve("upper_body");
        List<String> train = new ArrayList<>();
        List<String> paired = new ArrayList<>();
        List<String> unpaired = new ArrayList<>();
        for (int i = 0; i < 2 * n; i++) {
            String id = String.format(Locale.ROOT, "%06d", i);
            Figure f = Figure.draw(w, h, i);
            write(f.image(), dir.resolve("images/" + id + "_0.png"));
            write(Figure.garment(w, h, i)[0], dir.resolve("images/" + id + "_1.png"));
            byte[] stored = f.parse().values().clone();
            for (int p = 0; p < stored.length; p++) {
                stored[p] = (byte) dressCodeId(LipLabel.of(stored[p])).id();
            }
            write(ImageFiles.grayImage(stored, w, h), dir.resolve("label_maps/" + id + "_4.png"));
            ArrayNode points = JSON.createArrayNode();
            for (CocoKeypoint k : CocoKeypoint.values()) {
                points.addArray().add(f.pose().x(k) * PoseJson.DRESSCODE_FRAME_WIDTH / w)
                    .add(f.pose().y(k) * PoseJson.DRESSCODE_FRAME_HEIGHT / h).add(1).add(k.ordinal());
            }
            ObjectNode json = JSON.createObjectNode();
            json.set("keypoints", points);
            writeJson(json, dir.resolve("keypoints/" + id + "_2.json"));
            String other = String.format(Locale.ROOT, "%06d_1.jpg", n + (i + 1) % n);
            (i < n ? train : paired).add(id + "_0.jpg " + id + "_1.jpg 0");
            if (i >= n) {
                unpaired.add(id + "_0.jpg " + other + " 0");
            }
        }
        writeLines(dir.resolve("train_pairs.txt"), train);
        writeLines(dir.resolve("test_pairs_paired.txt"), paired);
        writeLines(dir.resolve("test_pairs_unpaired.txt"), unpaired);
        return root;
    }

    /** The DressCode label a figure's LIP label is stored as. */
    static DressCodeLabel dressCodeId(LipLabel lip) {
        return lip == LipLabel.NECK ? DressCodeLabel.HEAD
            : java.util.Arrays.stream(DressCodeLabel.values()).filter(d -> d.lip == lip).findFirst().orElseThrow();
    }

    /**
     * MPV: per split, n garments {@code Gi}, each worn in a front view and a back view; the pair file
     * lists both, the reader must drop the back views.
     */
    static Path mpv(Path root, int n, int w, int h) {
        List<String> lines = new ArrayList<>();
        for (Split split : Split.values()) {
            for (int i = 0; i < n; i++) {
                String id = split.folder() + i;
                String front = id + "/" + id + "-p@1=person_half_front";
                String back = id + "/" + id + "-p@2=person_whole_back";
                String cloth = id + "/" + id + "-c@3=cloth_front";
                for (String person : List.of(front, back)) {
                    writePerson(Figure.draw(w, h, i), root.resolve("MPV_192_256/" + person + ".jpg"),
                        root.resolve("all_parsing/" + person + ".png"),
                        root.resolve("all_person_clothes_keypoints/" + person + "_keypoints.json"), PoseFlavour.COCO18);
                }
                write(Figure.garment(w, h, i)[0], root.resolve("MPV_192_256/" + cloth + ".jpg"));
                lines.add(front + ".jpg\t" + back + ".jpg\t" + cloth + ".jpg\t" + split.folder());
            }
        }
        writeLines(root.resolve("all_poseA_poseB_clothes.txt"), lines);
        return root;
    }

    static void writePerson(Figure f, Path image, Path parse, Path pose, PoseFlavour flavour) {
        write(f.image(), image);
        writeParse(f.parse(), parse);
        writePose(f.pose(), pose, flavour);
    }

    static void writeGarment(int w, int h, int garment, Path image, Path mask) {
        BufferedImage[] g = Figure.garment(w, h, garment);
        write(g[0], image);
        write(g[1], mask);
    }

    static void writeParse(Plane parse, Path file) {
        write(ImageFiles.labelImage(parse.values(), parse.width(), parse.height()), file);
    }

    /** Writes keypoints as COCO-18 {@code pose_keypoints_2d}, as BODY_25, or under the old key. */
    static void writePose(Keypoints k, Path file, PoseFlavour flavour) {
        if (flavour == PoseFlavour.COCO18) {
            writeBytes(OpenPoseJson.write(k), file);
            return;
        }
        float[] coco = k.toArray();
        float[] numbers = coco;
        if (flavour == PoseFlavour.BODY25) {
            numbers = new float[3 * Body25Keypoint.count()];
            for (Body25Keypoint b : Body25Keypoint.values()) {
                if (b.coco != null) {
                    System.arraycopy(coco, 3 * b.coco.ordinal(), numbers, 3 * b.ordinal(), 3);
                }
            }
            numbers[3 * Body25Keypoint.MID_HIP.ordinal()] = 123;  // a point COCO-18 has not
        }
        ObjectNode json = JSON.createObjectNode();
        ArrayNode array = json.putArray("people").addObject()
            .putArray(flavour == PoseFlavour.OLD_KEY ? "pose_keypoints" : "pose_keypoints_2d");
        for (float v : numbers) {
            array.add(v);
        }
        writeJson(json, file);
    }

    static void write(BufferedImage image, Path file) {
        String name = file.getFileName().toString();
        try {
            Files.createDirectories(file.getParent());
            if (name.endsWith(".png")) {
                ImageFiles.writePng(image, file);
            } else if (!ImageIO.write(image, "jpg", file.toFile())) {
                throw new IllegalStateException("no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeJson(ObjectNode json, Path file) {
        try {
            writeBytes(JSON.writeValueAsBytes(json), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeLines(Path file, List<String> lines) {
        writeBytes((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), file);
    }

    static void writeBytes(byte[] bytes, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
