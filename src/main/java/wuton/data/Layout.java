package wuton.data;

import java.nio.file.Path;
import java.util.List;

/** How one dataset layout lists its samples and names their files. */
interface Layout {
    /**
     * The samples of a split, in a stable order.
     *
     * @param seed the seed of the unpaired shuffle, where the layout has no unpaired pair file
     * @throws wuton.common.UserError when the layout's listing (a pair file) is missing or malformed
     */
    List<SampleFiles> list(Path root, Split split, Pairing pairing, long seed);
}
