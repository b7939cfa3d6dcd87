package wuton.train;

import java.util.Locale;

/**
 * How the learning rate of both optimizers (generator and discriminator) changes over a run. The paper keeps it
 * constant ({@link #CONSTANT}); {@link #COSINE} lowers it along half a cosine from the configured rate at step 0
 * to a tenth of it at the run's last step, as nanoGPT does, so that the last steps settle instead of
 * carrying on at full step size. The rate depends on the step and the run's length alone, so a resumed run
 * continues the same curve (and a resume that raises {@code --steps} stretches what is left of it).
 */
public enum LearningRateSchedule {
    /** The paper's: the configured rate at every step. */
    CONSTANT,
    /** From the configured rate down to {@link #COSINE_FLOOR} of it at the last step. */
    COSINE;

    /** The paper's; also what runs from before schedules trained with. */
    public static final LearningRateSchedule DEFAULT = CONSTANT;

    /** The fraction of the configured rate that {@link #COSINE} ends at. */
    public static final double COSINE_FLOOR = 0.1;

    /**
     * The rate for one step.
     *
     * @param base the configured learning rate
     * @param step the steps done before this one, 0 to {@code steps - 1}
     * @param steps the run's total steps
     */
    public double at(double base, int step, int steps) {
        if (this == CONSTANT || steps <= 1) {
            return base;
        }
        double progress = Math.min(1.0, step / (double) (steps - 1));
        double floor = base * COSINE_FLOOR;
        return floor + 0.5 * (base - floor) * (1 + Math.cos(Math.PI * progress));
    }

    /** The command-line spelling: constant, cosine. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
