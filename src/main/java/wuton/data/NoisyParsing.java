package wuton.data;

import java.nio.file.Files;
import java.nio.file.Path;
import wuton.common.UserError;

/**
 * The pairs of another dataset, in the same order, with each person's parsing map read from the degraded maps
 * beside the exact ones: folder {@code <parsing folder>}{@value #FOLDER_SUFFIX}, same file names (the synthetic
 * world's {@code image-parse-v3-noisy/}, which {@code wuton synth --parse-noise} writes). Everything built from
 * the parsing (the agnostic person, the worn garment) then carries the parser's mistakes, as it would with a
 * real human parser. The other files, the ground truth's parsing included, are the exact dataset's. Thread-safe.
 */
public final class NoisyParsing implements Dataset {
    /** What the degraded maps' folder adds to the name of the exact maps' folder. */
    public static final String FOLDER_SUFFIX = "-noisy";

    private final Dataset exact;
    private final SampleReader reader;

    private NoisyParsing(Dataset exact) {
        this.exact = exact;
        this.reader = new SampleReader(exact.format().labels);
    }

    /**
     * The dataset with degraded parsing.
     *
     * @throws UserError naming the folder when the dataset has no degraded maps beside its parsing maps
     */
    public static NoisyParsing of(Dataset exact) {
        if (exact.size() > 0) {
            Path folder = exact.files(0).parse().getParent();
            Path noisy = noisyFolder(folder);
            if (!Files.isDirectory(noisy)) {
                throw new UserError("no degraded parsing maps: " + noisy + " is missing (./wuton synth --parse-noise "
                    + "writes them beside " + folder.getFileName() + "/)");
            }
        }
        return new NoisyParsing(exact);
    }

    private static Path noisyFolder(Path parseFolder) {
        return parseFolder.resolveSibling(parseFolder.getFileName() + FOLDER_SUFFIX);
    }

    @Override
    public int size() {
        return exact.size();
    }

    @Override
    public Sample get(int i) {
        return reader.read(files(i));
    }

    /** The exact dataset's files of sample {@code i}, but for the person's parsing map. */
    @Override
    public SampleFiles files(int i) {
        SampleFiles f = exact.files(i);
        Path parse = noisyFolder(f.parse().getParent()).resolve(f.parse().getFileName());
        return new SampleFiles(f.personId(), f.clothId(), f.person(), f.cloth(), f.clothMask(), parse, f.pose(), f.truth(),
            f.truthParse());
    }

    @Override
    public DatasetFormat format() {
        return exact.format();
    }
}
