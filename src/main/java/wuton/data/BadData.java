package wuton.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import wuton.UserError;

/**
 * The bad-data policy of one pass over a dataset, and its tally. By default a bad sample is skipped
 * and counted, and the pass fails once more than {@code maxFraction} of the dataset is bad; in strict
 * mode the first bad sample is fatal. Not thread-safe: one pass, one thread records.
 */
public final class BadData {
    /** How many problem messages a summary keeps. */
    public static final int MESSAGES_KEPT = 20;

    private final boolean strict;
    private final double maxFraction;
    private final int total;
    private final Map<Problem, Integer> counts = new EnumMap<>(Problem.class);
    private final List<String> messages = new ArrayList<>();
    private int bad;

    /**
     * @param strict      fail on the first bad sample
     * @param maxFraction the largest tolerated fraction of bad samples, 0 to 1
     * @param total       the number of samples in the pass
     */
    public BadData(boolean strict, double maxFraction, int total) {
        if (!(maxFraction >= 0 && maxFraction <= 1)) {
            throw new UserError("--max-bad " + maxFraction + ": must be a fraction between 0 and 1");
        }
        this.strict = strict;
        this.maxFraction = maxFraction;
        this.total = total;
    }

    /** Counts a bad sample; rethrows it in strict mode, throws a {@link UserError} past the tolerated fraction. */
    public void record(BadSampleException e) {
        if (strict) {
            throw e;
        }
        bad++;
        counts.merge(e.problem(), 1, Integer::sum);
        if (messages.size() < MESSAGES_KEPT) {
            messages.add(e.getMessage());
        }
        if (bad > maxFraction * total) {
            throw new UserError("too much bad data: " + summary() + ", more than the tolerated "
                + maxFraction + " (--max-bad); first: " + messages.get(0));
        }
    }

    /** The number of bad samples so far. */
    public int count() {
        return bad;
    }

    /** Bad samples per problem. */
    public Map<Problem, Integer> byProblem() {
        return Collections.unmodifiableMap(counts);
    }

    /** The first {@link #MESSAGES_KEPT} problem messages. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }

    /** One line: "skipped 3 of 100 samples (2 missing file, 1 malformed JSON)". */
    public String summary() {
        String kinds = counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().description)
            .collect(Collectors.joining(", "));
        return "skipped " + bad + " of " + total + " samples" + (bad == 0 ? "" : " (" + kinds + ")");
    }
}
