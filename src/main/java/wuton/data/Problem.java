package wuton.data;

/** The kinds of bad data a reader reports; each bad sample has exactly one. */
public enum Problem {
    MISSING_FILE("missing file"),
    UNREADABLE_IMAGE("unreadable image"),
    LABEL_OUT_OF_RANGE("label out of range"),
    MALFORMED_JSON("malformed JSON"),
    SIZE_MISMATCH("size mismatch"),
    /** h(p) found no upright person in the person photo ({@link PhotoAnalysis}). */
    NO_PERSON("no person found");

    /** How summaries name it. */
    public final String description;

    Problem(String description) {
        this.description = description;
    }
}
