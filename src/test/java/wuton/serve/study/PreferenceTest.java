package wuton.serve.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferenceTest {
    @Test
    void thePapersStudyIsWordedAsThePaperWordsIt() {
        Preference study = new Preference(Preference.POOLED, "S-WUTON", "CP-VTON", 616, 700);
        assertThat(study.sentence()).startsWith("S-WUTON chosen 88% of the time; p > 0.85 at 98.7% confidence")
            .contains("616 of 700 votes against CP-VTON").contains("95% lower bound 0.858");
    }

    @Test
    void thresholdIsTheStepStrictlyBelowTheShare() {
        assertThat(new Preference("x", "a", "b", 85, 100).threshold()).isCloseTo(0.80, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(new Preference("x", "a", "b", 10, 10).threshold()).isCloseTo(0.95, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void votesArePooledAndSplitByParticipant() {
        List<Vote> votes = new ArrayList<>();
        // p1 picks b three times of four, p2 picks b both times; b shown left or right
        votes.add(vote("p1", 0, "a", "b", Vote.Side.RIGHT));
        votes.add(vote("p1", 1, "b", "a", Vote.Side.LEFT));
        votes.add(vote("p1", 2, "a", "b", Vote.Side.LEFT));
        votes.add(vote("p1", 3, "a", "b", Vote.Side.RIGHT));
        votes.add(vote("p2", 0, "b", "a", Vote.Side.LEFT));
        votes.add(vote("p2", 1, "a", "b", Vote.Side.RIGHT));
        List<Preference> preferences = Preference.of(votes, List.of("a", "b"));
        assertThat(preferences).containsExactly(
            new Preference(Preference.POOLED, "b", "a", 5, 6),
            new Preference("p1", "b", "a", 3, 4),
            new Preference("p2", "b", "a", 2, 2));
    }

    private static Vote vote(String participant, int position, String left, String right, Vote.Side side) {
        return new Vote(participant, position, position, left, right, side, Instant.EPOCH);
    }
}
