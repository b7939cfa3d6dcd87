package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.model.Discriminator;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;
import wuton.model.Vgg19Features;
import wuton.model.Wuton;
import wuton.modelfile.TrainedModel;
import wuton.testing.TinyModels;

class StudentStepTest {
    private static final int H = 64;
    private static final int W = 48;
    private static final Device CPU = new Device(torch.DeviceType.CPU, (byte) 0);
    private static final LossWeights NO_PERCEPTUAL = LossWeights.builder().perceptual(0).build();

    @TempDir
    Path tmp;

    private static Tensor images() {
        return torch.rand(2, 3, H, W).mul(new Scalar(2.0)).sub(new Scalar(1.0));
    }

    /**
     * The L1 term of one step, and the same distance worked out beforehand against the target it should have:
     * the teacher's image, with p_a's pixels where {@code expectedKeep} is 1.
     */
    private double[] l1AndExpected(Tensor arms, Tensor garment, Tensor otherMask, Tensor expectedKeep) {
        torch.manual_seed(3);
        try (TrainedModel teacher = TrainedModel.load(TinyModels.write(tmp, "t", Stage.TEACHER), CPU)) {
            Wuton student = new Wuton(ModelConfig.of(ModelSize.TINY, H, W));
            StudentStep step = new StudentStep(student, teacher, new Discriminator(ModelSize.TINY, 3),
                Vgg19Features.seededRandom(), NO_PERCEPTUAL, AdamSettings.GAN);
            Tensor person = images();
            Tensor cloth = images();
            Tensor other = images();
            StepInputs in = new StepInputs(images(), cloth, other, person, images(), null, arms, garment,
                otherMask);
            double expected;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                // train mode, as in the step: the matcher's batch norm uses the batch's statistics either way
                Tensor image = student.forward(person, other).image();
                Tensor drawn = teacher.forward(in.agnosticPerson(), other).image();
                Tensor target = drawn.add(person.sub(drawn).mul(expectedKeep));
                expected = Losses.l1(image, target).item_double();
            }
            return new double[] {step.run(in).l1().item_double(), expected};
        }
    }

    private static Tensor ones() {
        return torch.ones(2, 1, H, W);
    }

    private static Tensor zeros() {
        return torch.zeros(2, 1, H, W);
    }

    @Test
    void armsTheGarmentDoesNotCoverAreTakenFromThePerson() {
        // every pixel an arm, and c_b's mask empty: the whole target is p_a
        double[] r = l1AndExpected(ones(), zeros(), zeros(), ones());
        assertThat(r[0]).isCloseTo(r[1], offset(1e-5));
    }

    @Test
    void armsUnderTheWarpedGarmentKeepTheTeachersImage() {
        // c_b's mask everywhere: the untrained teacher's warp is the identity, so it covers every arm pixel
        double[] r = l1AndExpected(ones(), zeros(), ones(), zeros());
        assertThat(r[0]).isCloseTo(r[1], offset(1e-5));
    }

    @Test
    void armsAcrossTheTorsoAreTakenFromThePersonEvenUnderTheWarpedGarment() {
        // each row: the worn garment in the first and the last column, arms between; c_b's mask everywhere
        Tensor garment = zeros();
        garment.narrow(3, 0, 1).fill_(new Scalar(1.0));
        garment.narrow(3, W - 1, 1).fill_(new Scalar(1.0));
        Tensor arms = ones().sub(garment);
        double[] r = l1AndExpected(arms, garment, ones(), arms);
        assertThat(r[0]).isCloseTo(r[1], offset(1e-5));
        // and it differs from the teacher's image alone, so the test can tell the two rules apart
        assertThat(Math.abs(r[0] - l1AndExpected(arms, garment, ones(), zeros())[1])).isGreaterThan(1e-3);
    }

    @Test
    void armsAcrossTorsoNeedsGarmentOnBothSidesOfTheRow() {
        // one row, worked by hand: garment G, arm A, nothing .   =  G A A G A .   ->  across: . 1 1 . . .
        Tensor garment = torch.tensor(new float[] {1, 0, 0, 1, 0, 0}).reshape(1, 1, 1, 6);
        Tensor arms = torch.tensor(new float[] {0, 1, 1, 0, 1, 0}).reshape(1, 1, 1, 6);
        Tensor across = StudentStep.armsAcrossTorso(arms, garment).reshape(6);
        float[] got = new float[6];
        for (int i = 0; i < 6; i++) {
            got[i] = across.get(i).item_float();
        }
        assertThat(got).containsExactly(0, 1, 1, 0, 0, 0);
    }
}
