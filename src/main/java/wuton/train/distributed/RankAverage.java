package wuton.train.distributed;

/**
 * Makes a fixed set of tensors (a model's gradients, or its batch-norm statistics) the same on every rank: their
 * mean over the ranks. Called at the same point of every step on every rank.
 */
@FunctionalInterface
public interface RankAverage {
    /** A one-process run: nothing to average. */
    RankAverage NONE = () -> { };

    void average();
}
