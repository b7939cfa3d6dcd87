package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

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
import wuton.model.Vgg19Features;
import wuton.model.Wuton;
import wuton.testing.TinyModels;

class StudentStepTest {
    private static final int H = 64;
    private static final int W = 48;
    private static final Device CPU = new Device(torch.DeviceType.CPU, (byte) 0);
    private static final LossWeights NO_PERCEPTUAL = new LossWeights(1.0, 0.0, 1.0, 0.1, 10.0, 0.0);

    @TempDir
    Path tmp;

    private static Tensor images() {
        return torch.rand(2, 3, H, W).mul(new Scalar(2.0)).sub(new Scalar(1.0));
    }

    /** The L1 term of one step, and the same distance worked out beforehand against {@code expectedTarget}. */
    private double[] l1AndExpected(Tensor arms, Tensor otherMask, boolean targetIsPerson) {
        torch.manual_seed(3);
        try (TrainedModel teacher = TrainedModel.load(TinyModels.write(tmp, "t", Stage.TEACHER), CPU)) {
            Wuton student = new Wuton(ModelConfig.of(ModelSize.TINY, H, W));
            StudentStep step = new StudentStep(student, teacher, new Discriminator(ModelSize.TINY, 3),
                Vgg19Features.seededRandom(), NO_PERCEPTUAL, AdamSettings.GAN);
            Tensor person = images();
            Tensor cloth = images();
            Tensor other = images();
            StepInputs in = new StepInputs(images(), cloth, other, person, images(), null, arms, otherMask);
            double expected;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                // train mode, as in the step: the matcher's batch norm uses the batch's statistics either way
                Tensor image = student.forward(person, other).image();
                Tensor target = targetIsPerson ? person : teacher.forward(in.agnosticPerson(), other).image();
                expected = Losses.l1(image, target).item_double();
            }
            return new double[] {step.run(in).l1().item_double(), expected};
        }
    }

    @Test
    void armsTheGarmentDoesNotCoverAreTakenFromThePerson() {
        // every pixel an arm, and c_b's mask empty: the whole target is p_a
        double[] r = l1AndExpected(torch.ones(2, 1, H, W), torch.zeros(2, 1, H, W), true);
        assertThat(r[0]).isCloseTo(r[1], org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void armsUnderTheWarpedGarmentKeepTheTeachersImage() {
        // c_b's mask everywhere: the untrained teacher's warp is the identity, so it covers every arm pixel
        double[] r = l1AndExpected(torch.ones(2, 1, H, W), torch.ones(2, 1, H, W), false);
        assertThat(r[0]).isCloseTo(r[1], org.assertj.core.data.Offset.offset(1e-5));
    }
}
