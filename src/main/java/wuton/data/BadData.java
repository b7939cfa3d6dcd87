package wuton.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import wuton.common.UserError;

/**
 * The bad-data policy of one pass over a dataset, and its tally. By default a bad sample is skipped
 * and counted, and the pass fails once more than {@code maxFraction} of the dataset is bad: a training
 * or evaluation pass has no use for the rest once the data is known to be too broken. A {@link #tally}
 * instead reads on to the end, so that its counts are the dataset's totals, and is checked with
 * {@link #checkTolerated()} afterwards. In strict mode the first bad sample is fatal. Not thread-safe:
 * one pass, one thread records.
 */
public final class BadData {
    /** How many problem messages a summary keeps. */
    public static final int MESSAGES_KEPT = 20;
    /**
     * The fraction of bad samples tolerated when {@code --max-bad} is not given: a few broken files in a
     * scraped dataset are normal and should not stop a run, a tenth of them is a broken layout.
     */
    public static final double DEFAULT_MAX_FRACTION = 0.05;

    private final boolean strict;
    private final double maxFraction;
    private final int total;
    /** Throw as soon as the tolerated fraction is passed, rather than at {@link #checkTolerated()}. */
    private final boolean failEarly;
    private final Map<Problem, Integer> counts = new EnumMap<>(Problem.class);
    private final List<String> messages = new ArrayList<>();
    private int bad;

    /**
     * @param strict      fail on the first bad sample
     * @param maxFraction the largest tolerated fraction of bad samples, 0 to 1
     * @param total       the number of samples in the pass
     */
    public BadData(boolean strict, double maxFraction, int total) {
        this(strict, maxFraction, total, true);
    }

    private BadData(boolean strict, double maxFraction, int total, boolean failEarly) {
        this.strict = strict;
        this.maxFraction = checkFraction(maxFraction);
        this.total = total;
        this.failEarly = failEarly;
    }

    /**
     * A policy that records every bad sample of the pass without failing (except in strict mode), for a
     * report of the whole dataset; {@link #checkTolerated()} then applies the tolerated fraction.
     */
    public static BadData tally(boolean strict, double maxFraction, int total) {
        return new BadData(strict, maxFraction, total, false);
    }

    /**
     * Returns {@code fraction} when it is one, so that commands can refuse a bad {@code --max-bad} before
     * they write anything.
     *
     * @throws UserError for anything outside 0 to 1
     */
    public static double checkFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new UserError("--max-bad " + fraction + ": must be a fraction between 0 and 1");
        }
        return fraction;
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
        if (failEarly && tooMany()) {
            throw tooMuch("at least ");
        }
    }

    /**
     * Fails a tally that ended with more bad samples than tolerated.
     *
     * @throws UserError with the totals and the first problem
     */
    public void checkTolerated() {
        if (tooMany()) {
            throw tooMuch("");
        }
    }

    private boolean tooMany() {
        return bad > maxFraction * total;
    }

    /** "too much bad data: at least 3 of 54 samples are bad (3 missing file), ...": a pass that stopped early knows only a lower bound. */
    private UserError tooMuch(String bound) {
        return new UserError("too much bad data: " + bound + bad + " of " + total + " samples are bad (" + kinds()
            + "), more than --max-bad " + maxFraction + " tolerates; first: " + messages.get(0));
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
        return "skipped " + bad + " of " + total + " samples" + (bad == 0 ? "" : " (" + kinds() + ")");
    }

    /** "2 missing file, 1 malformed JSON". */
    private String kinds() {
        return counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().description)
            .collect(Collectors.joining(", "));
    }
}
