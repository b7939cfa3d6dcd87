package wuton.serve.study;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * What one participant is shown: as in the paper, their own random subset of the study's pairs, and for each vote
 * which model's result goes left and which right, at random so that a side carries no hint. Everything follows
 * from the participant's id and the study's seed, so a participant who comes back sees the same pairs, in the same
 * order and on the same sides, without any of it being stored.
 */
public final class Assignment {
    /** The pair and the two results of one vote. */
    public record Trial(int position, int pair, int leftModel, int rightModel) {
    }

    private final List<Trial> trials;

    private Assignment(List<Trial> trials) {
        this.trials = List.copyOf(trials);
    }

    /** The assignment of participant {@code participant} in {@code study}. */
    public static Assignment of(Study study, String participant) {
        Random random = new Random(seed(study.seed(), participant));
        List<Integer> pairs = new ArrayList<>(IntStream.range(0, study.pairs().size()).boxed().toList());
        Collections.shuffle(pairs, random);
        int models = study.modelNames().size();
        List<Trial> trials = new ArrayList<>();
        for (int position = 0; position < study.votesPerParticipant(); position++) {
            int left = random.nextInt(models);
            // any other model, each as likely: with two models, the two sides at random
            int right = (left + 1 + random.nextInt(models - 1)) % models;
            trials.add(new Trial(position, pairs.get(position), left, right));
        }
        return new Assignment(trials);
    }

    /** How many votes the participant is asked for. */
    public int size() {
        return trials.size();
    }

    /** The {@code position}-th vote (0 first). */
    public Trial trial(int position) {
        return trials.get(position);
    }

    /**
     * A seed from the study's seed and the participant's id, through SHA-256 so that ids that differ in one
     * character still get unrelated subsets.
     */
    private static long seed(long studySeed, String participant) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((studySeed + ":" + participant).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
