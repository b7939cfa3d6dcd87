package wuton.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import wuton.common.UserError;
import wuton.labels.LabelSet;

/** The dataset layouts wuton reads, each with the label set of its parsing maps. */
public enum DatasetFormat {
    VITON_HD(SplitFoldersLayout.VITON_HD, LabelSet.LIP),
    VITON(SplitFoldersLayout.VITON, LabelSet.LIP),
    DRESSCODE(new DressCodeLayout(), LabelSet.DRESSCODE),
    MPV(new MpvLayout(), LabelSet.LIP);

    final Layout layout;
    /** The label set its parsing maps are stored in. */
    public final LabelSet labels;

    DatasetFormat(Layout layout, LabelSet labels) {
        this.layout = layout;
        this.labels = labels;
    }

    /** The name the command line uses: {@code viton-hd}, {@code viton}, {@code dresscode}, {@code mpv}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The format named on the command line, or the one detected in {@code root} for "auto". */
    public static DatasetFormat named(String name, Path root) {
        if (name.equalsIgnoreCase("auto")) {
            return detect(root);
        }
        return Arrays.stream(values()).filter(f -> f.cliName().equalsIgnoreCase(name)).findFirst()
            .orElseThrow(() -> new UserError("--format " + name + ": expected auto, "
                + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", "))));
    }

    /**
     * The format of the dataset in {@code root}, from its folders: {@code upper_body/images} is DressCode,
     * the MPV pair file is MPV, {@code train/pose} or {@code test/pose} is VITON, {@code train/image} or
     * {@code test/image} is VITON-HD.
     *
     * @throws UserError when root is not a folder or matches no layout
     */
    public static DatasetFormat detect(Path root) {
        if (!Files.isDirectory(root)) {
            throw new UserError(root + ": no such dataset folder");
        }
        if (Files.isDirectory(root.resolve(DressCodeLayout.CATEGORY).resolve("images"))) {
            return DRESSCODE;
        }
        if (Files.isRegularFile(root.resolve(MpvLayout.PAIR_FILE))) {
            return MPV;
        }
        for (Split split : Split.values()) {
            if (Files.isDirectory(root.resolve(split.folder()).resolve("pose"))) {
                return VITON;
            }
        }
        for (Split split : Split.values()) {
            if (Files.isDirectory(root.resolve(split.folder()).resolve("image"))) {
                return VITON_HD;
            }
        }
        throw new UserError(root + ": not a dataset layout wuton knows (expected train/ and test/ with image/ "
            + "(VITON-HD, VITON), upper_body/images/ (DressCode) or " + MpvLayout.PAIR_FILE + " (MPV))");
    }

    /**
     * Opens the dataset in {@code root}.
     *
     * @param seed the seed of the unpaired shuffle where the dataset has no unpaired pair file
     */
    public Dataset open(Path root, Split split, Pairing pairing, long seed) {
        if (!Files.isDirectory(root)) {
            throw new UserError(root + ": no such dataset folder");
        }
        List<SampleFiles> files = layout.list(root, split, pairing, seed);
        if (pairing == Pairing.PAIRED) {
            files = files.stream().map(SampleFiles::paired).toList();
        }
        return new FileDataset(this, files, new SampleReader(labels));
    }
}
