package wuton.train;

import org.bytedeco.pytorch.Tensor;

/**
 * Losses of one step, 0-dim tensors detached from the graph (read them with {@code item_double()}). The
 * terms are unweighted; the two totals are weighted as optimised. What each term compares depends on the
 * stage: see {@link TeacherStep} and {@link StudentStep}.
 *
 * @param warp the L1 warp loss (equation 4 or 7)
 * @param l1 the L1 image loss
 * @param perceptual the VGG19 loss (equation 5 or 8); 0 when its weight is 0 (then it is not computed)
 * @param adversarial the generator's relativistic loss; 0 without an adversarial term
 * @param generatorLoss equation 6 or 10, the weighted sum of the four terms above
 * @param discriminatorLoss the relativistic discriminator loss plus the weighted gradient penalty
 * @param gradientPenalty R1 on the real persons, unweighted
 * @param thetaMagnitude mean |theta|, how far the warp of the step is from the identity
 * @param reconstruction a student's L1 distance between its output for (p_a, c_a) and p_a; 0 when its weight
 *     is 0 (then it is not computed) and for a teacher
 */
public record StepResult(Tensor warp, Tensor l1, Tensor perceptual, Tensor adversarial, Tensor generatorLoss,
                         Tensor discriminatorLoss, Tensor gradientPenalty, Tensor thetaMagnitude,
                         Tensor reconstruction) {
}
