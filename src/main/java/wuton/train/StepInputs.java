package wuton.train;

import org.bytedeco.pytorch.Tensor;
import wuton.model.Wuton;

/**
 * The images of one training step, all (N, 3, H, W) in [-1, 1] on the training device.
 *
 * @param agnosticPerson p*_a, the person with the upper body masked (the teacher's input)
 * @param cloth c_a, the garment the person wears
 * @param otherCloth c_b, another garment: the unpaired case, seen by the adversarial loss (and, for a student,
 *     by everything)
 * @param person p_a: the teacher's reconstruction target, the student's input, and the real images the
 *     discriminator sees
 * @param wornCloth c_(a,p), the garment cut out of p_a: the teacher's warp target
 * @param teacherOutput for a student, its frozen teacher's output on (p*_a, c_b) when it was computed ahead
 *     ({@link TeacherCache}); null when the step runs the teacher itself
 * @param personArms for a student that keeps the person's arms ({@link TrainConfig#keepArms}): 1 where p_a's
 *     parsing is an arm or hand, float32 (N, 1, H, W); else null
 * @param personGarment with {@code personArms}: 1 where p_a's parsing is upper-body clothing, float32
 *     (N, 1, H, W); else null
 * @param otherClothMask with {@code personArms}: the mask of c_b, float32 (N, 1, H, W); else null
 */
public record StepInputs(Tensor agnosticPerson, Tensor cloth, Tensor otherCloth, Tensor person, Tensor wornCloth,
                         Wuton.Output teacherOutput, Tensor personArms, Tensor personGarment,
                         Tensor otherClothMask) {
    /** Inputs without a precomputed teacher output. */
    public StepInputs(Tensor agnosticPerson, Tensor cloth, Tensor otherCloth, Tensor person, Tensor wornCloth) {
        this(agnosticPerson, cloth, otherCloth, person, wornCloth, null, null, null, null);
    }
}
