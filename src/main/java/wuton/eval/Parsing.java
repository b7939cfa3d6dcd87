package wuton.eval;

/** Which parsing maps a model's agnostic person is built from: only teachers read them. */
public enum Parsing {
    /** The dataset's own parsing maps (on the synthetic world, exact). */
    EXACT,
    /** The degraded maps beside them, as a real parser would make ({@link wuton.data.NoisyParsing}). */
    DEGRADED,
    /** Found in the person photo by h(p), the shipped pose and person-mask models ({@link wuton.data.AnalysedParsing}). */
    PHOTO
}
