package wuton.data;

import java.nio.file.Path;

/**
 * A list of try-on samples, read on demand. Implementations are thread-safe: the loader reads several
 * samples at once.
 */
public interface Dataset {
    /** The number of samples, bad ones included (they are found when read). */
    int size();

    /**
     * Reads sample {@code i}.
     *
     * @throws BadSampleException when its files are missing or bad; the message names the file
     */
    Sample get(int i);

    /** Where sample {@code i}'s files are (for messages and tools). */
    SampleFiles files(int i);

    /** The layout it was read from. */
    DatasetFormat format();

    /**
     * Opens a dataset, detecting its format from the folder layout.
     *
     * @param seed the seed of the unpaired shuffle where the dataset has no unpaired pair file
     * @throws wuton.common.UserError when root is not a dataset wuton knows, or its pair file is missing
     */
    static Dataset open(Path root, Split split, Pairing pairing, long seed) {
        return DatasetFormat.detect(root).open(root, split, pairing, seed);
    }
}
