package wuton.train;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One number per {@link LossTerm}: the losses of one step, or their means over a logging window
 * ({@link MetricsLog.Row}). Immutable.
 */
public final class LossValues {
    private static final LossTerm[] TERMS = LossTerm.values();
    /** Every term 0. */
    public static final LossValues ZERO = of(term -> 0);

    /** Indexed by {@link LossTerm#ordinal()}; never handed out. */
    private final double[] values;

    private LossValues(double[] values) {
        this.values = values;
    }

    /** The value of each term as {@code value} gives it. */
    public static LossValues of(ToDoubleFunction<LossTerm> value) {
        double[] values = new double[TERMS.length];
        for (LossTerm term : TERMS) {
            values[term.ordinal()] = value.applyAsDouble(term);
        }
        return new LossValues(values);
    }

    /** The terms of a step's result, copied to the CPU. */
    public static LossValues of(StepResult result) {
        return of(term -> term.of(result));
    }

    public double get(LossTerm term) {
        return values[term.ordinal()];
    }

    /** These values with {@code term} set to {@code value}. */
    public LossValues with(LossTerm term, double value) {
        return of(t -> t == term ? value : get(t));
    }

    /** Term by term sum. */
    public LossValues plus(LossValues other) {
        return of(t -> get(t) + other.get(t));
    }

    /** Every term divided by {@code divisor}: a sum of {@code divisor} steps becomes their mean. */
    public LossValues dividedBy(double divisor) {
        return of(t -> get(t) / divisor);
    }

    /** The first term, in {@link LossTerm} order, that is NaN or infinite. */
    public Optional<LossTerm> firstNonFinite() {
        return Arrays.stream(TERMS).filter(t -> !Double.isFinite(get(t))).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossValues other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** {@code column=value} for every term, e.g. {@code warp=0.5, l1=0.25, ...}. */
    @Override
    public String toString() {
        return Arrays.stream(TERMS).map(t -> t.column() + "=" + get(t)).collect(Collectors.joining(", "));
    }
}
