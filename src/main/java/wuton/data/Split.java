package wuton.data;

import java.util.Locale;

/** The training or the test part of a dataset. */
public enum Split {
    TRAIN, TEST;

    /** The name the layouts use for folders and pair files: "train" or "test". */
    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }
}
