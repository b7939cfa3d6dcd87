package wuton.data;

import java.nio.file.Path;
import java.util.List;

/**
 * DressCode, its {@code upper_body} category only: {@code ROOT/upper_body/images/X_0.jpg} (person),
 * {@code X_1.jpg} (garment), {@code keypoints/X_2.json}, {@code label_maps/X_4.png} (DressCode labels);
 * pair files {@code train_pairs.txt}, {@code test_pairs_paired.txt}, {@code test_pairs_unpaired.txt} in
 * {@code upper_body/}. DressCode ships no garment masks: the reader derives them from the garment image.
 */
final class DressCodeLayout implements Layout {
    /** The only category whose garments the agnostic person hides. */
    static final String CATEGORY = "upper_body";

    @Override
    public List<SampleFiles> list(Path root, Split split, Pairing pairing, long seed) {
        Path dir = root.resolve(CATEGORY);
        String pairFile = split == Split.TRAIN ? "train_pairs.txt"
            : pairing == Pairing.PAIRED ? "test_pairs_paired.txt" : "test_pairs_unpaired.txt";
        List<Pair> listed = LayoutFiles.readPairs(dir.resolve(pairFile));
        Path images = dir.resolve("images");
        return LayoutFiles.choose(listed, pairing, person -> withSuffix(person, "_1"), seed).stream()
            .map(p -> new SampleFiles(LayoutFiles.stem(p.person()), LayoutFiles.stem(p.cloth()),
                LayoutFiles.image(images, p.person()),
                LayoutFiles.image(images, p.cloth()),
                null,
                LayoutFiles.image(dir.resolve("label_maps"), withSuffix(p.person(), "_4") + ".png"),
                dir.resolve("keypoints").resolve(withSuffix(p.person(), "_2") + ".json"),
                null, null))
            .toList();
    }

    /** {@code X_0.jpg} with suffix {@code _2} gives {@code X_2}: DressCode names a sample's files X_0 to X_6. */
    private static String withSuffix(String person, String suffix) {
        String stem = LayoutFiles.stem(person);
        return stem.substring(0, stem.lastIndexOf('_')) + suffix;
    }
}
