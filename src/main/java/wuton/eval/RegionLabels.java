package wuton.eval;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import wuton.data.Dataset;
import wuton.data.Sample;
import wuton.data.SampleFiles;
import wuton.data.SampleReader;
import wuton.image.Plane;
import wuton.image.Rgb;

/**
 * The {@link Region} of each pixel of a test pair, from the parsing of the person and of the ground truth and
 * the accessory mask ({@code <split>/accessory-mask/<person>.png}, written by {@code wuton synth}). Pairs are
 * found by their person and garment ids, as the {@link wuton.data.Batch} lists them.
 */
final class RegionLabels {
    private static final String ACCESSORY_FOLDER = "accessory-mask";
    private final Dataset dataset;
    private final Map<String, Integer> indexByPair = new HashMap<>();

    RegionLabels(Dataset dataset) {
        this.dataset = dataset;
        for (int i = 0; i < dataset.size(); i++) {
            SampleFiles f = dataset.files(i);
            indexByPair.put(key(f.personId(), f.clothId()), i);
        }
    }

    /** Whether the pairs have a parsed ground truth, without which there are no regions. */
    boolean available() {
        return dataset.size() > 0 && dataset.files(0).truthParse() != null;
    }

    /**
     * The regions of one pair at the size the model works at.
     *
     * @return (height, width) row-major {@link Region} ordinals
     */
    byte[] of(String personId, String clothId, int width, int height) {
        int index = indexByPair.get(key(personId, clothId));
        Sample s = dataset.get(index);
        Plane accessories = accessories(dataset.files(index));
        return Region.label(s.parse().resizedNearest(width, height), s.truthParse().resizedNearest(width, height),
            accessories == null ? null : accessories.resizedNearest(width, height));
    }

    /** The accessory mask beside the person's image folder, or null when the dataset has none. */
    private static Plane accessories(SampleFiles files) {
        Path file = files.person().getParent().getParent().resolve(ACCESSORY_FOLDER).resolve(files.personId() + ".png");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        BufferedImage image = SampleReader.image(file);
        int[] pixels = Rgb.pixels(image);
        byte[] mask = new byte[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            mask[p] = (byte) ((pixels[p] >> 8 & 0xff) >= SampleReader.MASK_THRESHOLD ? 1 : 0);
        }
        return new Plane(image.getWidth(), image.getHeight(), mask);
    }

    private static String key(String personId, String clothId) {
        return personId + "__" + clothId;
    }
}
