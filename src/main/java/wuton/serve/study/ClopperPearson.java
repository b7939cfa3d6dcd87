package wuton.serve.study;

/**
 * The exact (Clopper-Pearson) one-sided binomial bound on a preference: after {@code k} of {@code n} votes for a
 * model, how sure one may be that its true preference probability {@code p} lies above a threshold.
 *
 * <p>Both questions reduce to the upper binomial tail {@code P(X >= k)} for {@code X ~ Binomial(n, p)}, which
 * grows with {@code p}. The confidence that {@code p > p0} is {@code 1 - P(X >= k | p0)}: were {@code p} only
 * {@code p0}, seeing {@code k} or more would be that unlikely. The lower bound at confidence {@code 1 - alpha} is
 * the {@code p} at which that tail equals {@code alpha}. The tail is summed term by term, each term from the one
 * before, the first from its logarithm so that no binomial coefficient overflows: exact up to rounding for the
 * few thousand votes of a study, in time linear in {@code n}. The lower bound is found by bisection.
 */
public final class ClopperPearson {
    /** Bisection steps of {@link #lowerBound}: enough to pin p to the last bit of a double. */
    private static final int BISECTION_STEPS = 64;

    private ClopperPearson() {
    }

    /**
     * {@code P(X >= k)} for {@code X ~ Binomial(n, p)}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= k <= n} and {@code 0 <= p <= 1}
     */
    public static double upperTail(int k, int n, double p) {
        check(k, n);
        if (p < 0 || p > 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("p = " + p + ": must lie in [0, 1]");
        }
        if (k == 0) {
            return 1;
        }
        if (p == 0) {
            return 0;
        }
        if (p == 1) {
            return 1;
        }
        // Sum away from the mode, where the terms shrink: a first term that underflows then means a tail that is
        // truly negligible. Below the mean, the upper tail is one minus the lower one.
        if (k > n * p) {
            return Math.min(1, termsFrom(k, n, p, +1));
        }
        return Math.max(0, 1 - termsFrom(k - 1, n, p, -1));
    }

    /** The sum of the binomial terms from {@code i} on, upward ({@code direction} +1) or downward (-1). */
    private static double termsFrom(int i, int n, double p, int direction) {
        // log C(n, i) p^i (1-p)^(n-i)
        double logTerm = i * Math.log(p) + (n - i) * Math.log1p(-p);
        for (int j = 1; j <= i; j++) {
            logTerm += Math.log(n - i + j) - Math.log(j);
        }
        double term = Math.exp(logTerm);
        double odds = p / (1 - p);
        double sum = 0;
        for (int at = i; at >= 0 && at <= n; at += direction) {
            sum += term;
            // term(at + 1) / term(at) = (n - at) / (at + 1) * odds
            term = direction > 0 ? term * odds * (n - at) / (at + 1) : term / odds * at / (n - at + 1);
        }
        return sum;
    }

    /** The confidence that {@code p > threshold} after {@code k} successes in {@code n} trials. */
    public static double confidenceAbove(int k, int n, double threshold) {
        return 1 - upperTail(k, n, threshold);
    }

    /**
     * The one-sided lower bound on {@code p} at confidence {@code 1 - alpha}: the largest {@code p} that
     * {@code k} of {@code n} rules out at that level (0 when {@code k} is 0).
     *
     * @throws IllegalArgumentException unless {@code 0 < alpha < 1}
     */
    public static double lowerBound(int k, int n, double alpha) {
        check(k, n);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha = " + alpha + ": must lie in (0, 1)");
        }
        if (k == 0) {
            return 0;
        }
        double low = 0;
        double high = (double) k / n;
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double mid = (low + high) / 2;
            if (upperTail(k, n, mid) < alpha) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static void check(int k, int n) {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException(k + " of " + n + ": need 0 <= k <= n");
        }
    }
}
