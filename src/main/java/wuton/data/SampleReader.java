package wuton.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import wuton.data.PoseJson;
import wuton.image.ImageDecoder;
import wuton.image.ImageLimits;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.Keypoints;
import wuton.labels.LabelSet;

/**
 * Decodes one sample's files and checks them: every file present, images readable, parsing values in
 * the label set, pose JSON well formed, the person, parsing and ground truth of one size and the garment
 * and its mask of one size. Images are read within {@link ImageLimits#DEFAULT}, and damaged or truncated ones are
 * refused as {@link Photos} refuses them. Thread-safe (decoding several samples at once is how the loader keeps up).
 */
public final class SampleReader {
    /** Mask pixels at or above this gray level are garment. */
    public static final int MASK_THRESHOLD = 128;

    private final LabelSet labels;

    public SampleReader(LabelSet labels) {
        this.labels = labels;
    }

    /**
     * Reads a sample.
     *
     * @throws BadSampleException naming the first bad file and its problem
     */
    public Sample read(SampleFiles f) {
        Stream.of(f.person(), f.cloth(), f.clothMask(), f.parse(), f.pose(), f.truth(), f.truthParse())
            .filter(Objects::nonNull)
            .filter(p -> !Files.isRegularFile(p))
            .findFirst()
            .ifPresent(p -> {
                throw new BadSampleException(Problem.MISSING_FILE, p, "");
            });
        BufferedImage person = image(f.person());
        BufferedImage cloth = image(f.cloth());
        Plane mask = f.clothMask() == null ? GarmentMask.of(cloth)
            : plane(image(f.clothMask()), SampleReader::bright);
        checkSize(mask, f.clothMask() == null ? f.cloth() : f.clothMask(), cloth);
        Plane parse = parse(f.parse());
        checkSize(parse, f.parse(), person);
        Keypoints pose = PoseJson.read(f.pose(), person.getWidth(), person.getHeight());
        if (f.truth() == null || f.truth().equals(f.person())) {
            return new Sample(f.personId(), f.clothId(), person, cloth, mask, parse, pose,
                f.truth() == null ? null : person, f.truth() == null ? null : parse);
        }
        BufferedImage truth = image(f.truth());
        checkSize(truth.getWidth(), truth.getHeight(), f.truth(), person);
        Plane truthParse = f.truthParse() == null ? null : parse(f.truthParse());
        if (truthParse != null) {
            checkSize(truthParse, f.truthParse(), person);
        }
        return new Sample(f.personId(), f.clothId(), person, cloth, mask, parse, pose, truth, truthParse);
    }

    /** Decodes an image as {@link BufferedImage#TYPE_INT_RGB}. */
    public static BufferedImage image(Path file) {
        return Rgb.of(decode(file));
    }

    private static BufferedImage decode(Path file) {
        try {
            return ImageDecoder.decode(ImageDecoder.read(file, ImageLimits.DEFAULT), ImageLimits.DEFAULT);
        } catch (IOException e) {
            throw new BadSampleException(Problem.UNREADABLE_IMAGE, file, String.valueOf(e.getMessage()));
        } catch (ImageDecoder.Refused e) {
            throw new BadSampleException(Problem.UNREADABLE_IMAGE, file, e.getMessage());
        }
    }

    /** A 0/1 plane: 1 where the pixel passes the test. */
    private static Plane plane(BufferedImage image, IntPredicate test) {
        int[] rgb = Rgb.pixels(image);
        byte[] out = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (byte) (test.test(rgb[i]) ? 1 : 0);
        }
        return new Plane(image.getWidth(), image.getHeight(), out);
    }

    private static boolean bright(int rgb) {
        return ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3 >= MASK_THRESHOLD;
    }

    /**
     * A parsing map (palette or gray PNG whose values are label ids of this reader's label set) as LIP ids.
     *
     * @throws BadSampleException naming the file when it is unreadable, not one channel or out of range
     */
    public Plane parse(Path file) {
        Raster raster = decode(file).getRaster();
        if (raster.getNumBands() != 1) {
            throw new BadSampleException(Problem.UNREADABLE_IMAGE, file,
                "a parsing map has one channel of label ids, this image has " + raster.getNumBands());
        }
        int w = raster.getWidth(), h = raster.getHeight();
        int[] stored = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] lip = new byte[stored.length];
        for (int i = 0; i < stored.length; i++) {
            if (stored[i] >= labels.size()) {
                throw new BadSampleException(Problem.LABEL_OUT_OF_RANGE, file, "value " + stored[i]
                    + " at (" + i % w + ", " + i / w + "), " + labels + " labels are 0-" + (labels.size() - 1));
            }
            lip[i] = (byte) labels.lipId(stored[i]);
        }
        return new Plane(w, h, lip);
    }

    private static void checkSize(Plane plane, Path file, BufferedImage reference) {
        checkSize(plane.width(), plane.height(), file, reference);
    }

    private static void checkSize(int width, int height, Path file, BufferedImage reference) {
        if (width != reference.getWidth() || height != reference.getHeight()) {
            throw new BadSampleException(Problem.SIZE_MISMATCH, file, width + "x" + height
                + " (W x H), expected " + reference.getWidth() + "x" + reference.getHeight() + " like its image");
        }
    }
}
