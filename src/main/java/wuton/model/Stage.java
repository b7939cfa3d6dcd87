package wuton.model;

import java.util.Locale;

/** What a run trains, and so what its generator takes as the person input. */
public enum Stage {
    /** T-WUTON (paper section 3.2): the agnostic person p*, made with a human parser and a pose estimator. */
    TEACHER,
    /** S-WUTON (section 3.3): the person image p itself; no parsing, no pose. */
    STUDENT;

    /** The paper's first stage; also what runs from before students existed trained. */
    public static final Stage DEFAULT = TEACHER;

    /** The command-line spelling: teacher, student. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
