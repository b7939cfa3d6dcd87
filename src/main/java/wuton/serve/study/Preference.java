package wuton.serve.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often one model's result was chosen over another's, with how sure one may be that it is truly preferred,
 * worded as the paper words its study: "S chosen 88% of the time; p > 0.85 at 98.7% confidence".
 *
 * <p>{@code p} is the probability that a participant prefers the more often chosen model. The threshold of that
 * sentence is the largest multiple of {@value #THRESHOLD_STEP} below the observed share (the paper's 0.85 for its
 * 88%), and its confidence is exact ({@link ClopperPearson#confidenceAbove}); beside it stands the exact one-sided
 * lower bound at {@value #BOUND_CONFIDENCE} confidence.
 *
 * @param scope       whose votes: a participant's id, or {@link #POOLED}
 * @param preferred   the model chosen more often (the first of the study's order on a tie)
 * @param other       the model it was compared with
 * @param chosen      votes for {@code preferred}
 * @param votes       votes between the two
 */
public record Preference(String scope, String preferred, String other, int chosen, int votes) {
    /** The scope of every participant's votes together. */
    public static final String POOLED = "all participants";
    /** Thresholds of the sentence are multiples of this. */
    public static final double THRESHOLD_STEP = 0.05;
    /** The confidence of {@link #lowerBound()}. */
    public static final double BOUND_CONFIDENCE = 0.95;

    /** The share of votes for {@link #preferred}. */
    public double share() {
        return (double) chosen / votes;
    }

    /** The largest multiple of {@link #THRESHOLD_STEP} strictly below {@link #share()}, at least 0. */
    public double threshold() {
        // rounded first so that 0.85 / 0.05 counts as 17, not 16.999...
        double steps = Math.ceil(Math.round(share() / THRESHOLD_STEP * 1e9) / 1e9) - 1;
        return Math.max(0, steps * THRESHOLD_STEP);
    }

    /** The exact confidence that {@code p > threshold()}. */
    public double confidence() {
        return ClopperPearson.confidenceAbove(chosen, votes, threshold());
    }

    /** The exact one-sided lower bound on {@code p} at {@link #BOUND_CONFIDENCE}. */
    public double lowerBound() {
        return ClopperPearson.lowerBound(chosen, votes, 1 - BOUND_CONFIDENCE);
    }

    /** "B chosen 88% of the time; p > 0.85 at 98.7% confidence (616 of 700 votes against A; 95% lower bound 0.858)". */
    public String sentence() {
        double confidence = confidence();
        String level = confidence >= 0.9995 ? "over 99.9%" : String.format(Locale.ROOT, "%.1f%%", 100 * confidence);
        return String.format(Locale.ROOT, "%s chosen %.0f%% of the time; p > %.2f at %s confidence (%d of %d votes"
                + " against %s; %.0f%% lower bound %.3f)", preferred, 100 * share(), threshold(), level, chosen, votes,
            other, 100 * BOUND_CONFIDENCE, lowerBound());
    }

    /**
     * The preferences of every pair of models that met in {@code votes}: pooled first, then per participant (by
     * id), each pair in the order of {@code models}.
     */
    public static List<Preference> of(List<Vote> votes, List<String> models) {
        List<Preference> all = new ArrayList<>(forScope(POOLED, votes, models));
        Map<String, List<Vote>> byParticipant = new TreeMap<>();
        votes.forEach(v -> byParticipant.computeIfAbsent(v.participant(), p -> new ArrayList<>()).add(v));
        byParticipant.forEach((participant, theirs) -> all.addAll(forScope(participant, theirs, models)));
        return all;
    }

    private static List<Preference> forScope(String scope, List<Vote> votes, List<String> models) {
        List<Preference> preferences = new ArrayList<>();
        for (int a = 0; a < models.size(); a++) {
            for (int b = a + 1; b < models.size(); b++) {
                String first = models.get(a);
                String second = models.get(b);
                Map<String, Integer> wins = new LinkedHashMap<>(Map.of(first, 0, second, 0));
                int between = 0;
                for (Vote v : votes) {
                    if (wins.containsKey(v.leftModel()) && wins.containsKey(v.rightModel())) {
                        wins.merge(v.chosenModel(), 1, Integer::sum);
                        between++;
                    }
                }
                if (between == 0) {
                    continue;
                }
                int firstWins = wins.get(first);
                preferences.add(firstWins * 2 >= between ? new Preference(scope, first, second, firstWins, between)
                    : new Preference(scope, second, first, between - firstWins, between));
            }
        }
        return preferences;
    }
}
