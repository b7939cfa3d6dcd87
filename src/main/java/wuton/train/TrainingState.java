package wuton.train;

/**
 * Where the training loop stands, saved with each checkpoint as {@code state.json}.
 *
 * @param step optimisation steps done
 * @param epoch the current pass over the data (0-based); its shuffle is seeded with seed + epoch
 * @param batchesInEpoch batches of that epoch already consumed, skipped on resume
 * @param bestScore the lowest mean paired L1 + warp loss of a logging window so far, null before the first
 * @param bestStep the step at which it was reached, 0 before the first
 */
public record TrainingState(int step, int epoch, int batchesInEpoch, Double bestScore, int bestStep) {
    public static final TrainingState START = new TrainingState(0, 0, 0, null, 0);

    /** One more batch consumed and step done. */
    public TrainingState advanced() {
        return new TrainingState(step + 1, epoch, batchesInEpoch + 1, bestScore, bestStep);
    }

    /** The start of the next epoch. */
    public TrainingState nextEpoch() {
        return new TrainingState(step, epoch + 1, 0, bestScore, bestStep);
    }

    /** Whether {@code score} beats the best so far. */
    public boolean isBetter(double score) {
        return bestScore == null || score < bestScore;
    }

    public TrainingState withBest(double score) {
        return new TrainingState(step, epoch, batchesInEpoch, score, step);
    }
}
