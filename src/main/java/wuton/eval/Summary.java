package wuton.eval;

import java.util.Arrays;

/**
 * The mean and standard deviation of a metric over images (or subsets, or splits). The standard deviation is
 * the population one, sqrt(sum (v - mean)^2 / n), as numpy's default {@code std} that evaluation code reports.
 *
 * @param count the number of values
 */
public record Summary(int count, double mean, double std) {
    /** The summary of some values; at least one. */
    public static Summary of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return new Summary(values.length, mean, Math.sqrt(squares / values.length));
    }
}
