package wuton.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The layout VITON and VITON-HD share: {@code ROOT/{train,test}/{image,cloth,cloth-mask,<parse>,<pose>}},
 * pair files {@code ROOT/{train,test}_pairs.txt} ("person cloth" per line; the test pairs are unpaired),
 * pose files {@code <person stem>_keypoints.json}, and, where the dataset has it, unpaired ground truth
 * {@code <split>/unpaired-gt/<person stem>__<cloth stem>.png} with its parsing in {@code unpaired-gt-parse/}.
 */
final class SplitFoldersLayout implements Layout {
    /** VITON-HD: {@code image-parse-v3} and {@code openpose_json} (older spellings accepted); same stems. */
    static final Layout VITON_HD = new SplitFoldersLayout(List.of("image-parse-v3", "image-parse"),
        List.of("openpose_json", "openpose-json"), person -> person);
    /** VITON / CP-VTON: {@code image-parse} and {@code pose}; person {@code X_0}, garment {@code X_1}. */
    static final Layout VITON = new SplitFoldersLayout(List.of("image-parse"), List.of("pose"),
        person -> person.replaceFirst("_0(\\.\\w+)?$", "_1$1"));

    private final List<String> parseFolders;
    private final List<String> poseFolders;
    private final UnaryOperator<String> ownCloth;

    private SplitFoldersLayout(List<String> parseFolders, List<String> poseFolders, UnaryOperator<String> ownCloth) {
        this.parseFolders = parseFolders;
        this.poseFolders = poseFolders;
        this.ownCloth = ownCloth;
    }

    @Override
    public List<SampleFiles> list(Path root, Split split, Pairing pairing, long seed) {
        Path dir = root.resolve(split.folder());
        Path parse = LayoutFiles.folder(dir, parseFolders);
        Path pose = LayoutFiles.folder(dir, poseFolders);
        Path truth = dir.resolve("unpaired-gt");
        Path truthParse = dir.resolve("unpaired-gt-parse");
        boolean hasTruth = pairing == Pairing.UNPAIRED && Files.isDirectory(truth);
        List<Pair> listed = LayoutFiles.readPairs(root.resolve(split.folder() + "_pairs.txt"));
        return LayoutFiles.choose(listed, pairing, ownCloth, seed).stream().map(p -> {
            String person = LayoutFiles.stem(p.person());
            String cloth = LayoutFiles.stem(p.cloth());
            String both = person + "__" + cloth;
            return new SampleFiles(person, cloth,
                LayoutFiles.image(dir.resolve("image"), p.person()),
                LayoutFiles.image(dir.resolve("cloth"), p.cloth()),
                LayoutFiles.image(dir.resolve("cloth-mask"), p.cloth()),
                LayoutFiles.image(parse, person + ".png"),
                pose.resolve(person + "_keypoints.json"),
                hasTruth ? LayoutFiles.image(truth, both) : null,
                hasTruth && Files.isDirectory(truthParse) ? LayoutFiles.image(truthParse, both + ".png") : null);
        }).toList();
    }
}
