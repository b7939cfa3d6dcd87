package wuton.eval;

import java.util.List;

/**
 * One row of the report's grid, as PNG bytes.
 *
 * @param results one image per model, in the order of the models; null where a model skipped the pair (a bad file
 *                in the data it reads)
 * @param truth   the ground truth, or null when there is none
 */
public record Example(String personId, String clothId, byte[] person, byte[] cloth, List<byte[]> results, byte[] truth) {
}
