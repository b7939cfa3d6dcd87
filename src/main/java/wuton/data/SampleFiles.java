package wuton.data;

import java.nio.file.Path;

/**
 * Where one sample's files are. Paths may not exist: the reader reports them as missing.
 *
 * @param personId   the person image's stem, e.g. {@code 00000_00}
 * @param clothId    the garment image's stem
 * @param clothMask  the garment's mask, or null when the dataset has none (it is then derived from the garment)
 * @param truth      the person wearing this garment: {@code person} itself when paired, the unpaired ground
 *                   truth, or null when the dataset has none
 * @param truthParse the parsing map of {@code truth}, or null
 */
public record SampleFiles(String personId, String clothId, Path person, Path cloth, Path clothMask,
                          Path parse, Path pose, Path truth, Path truthParse) {
    /** These files with the person as its own ground truth (paired mode). */
    public SampleFiles paired() {
        return new SampleFiles(personId, clothId, person, cloth, clothMask, parse, pose, person, parse);
    }
}
