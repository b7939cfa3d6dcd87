package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static wuton.testing.TensorData.maxAbs;
import static wuton.testing.TensorData.shape;

import java.util.stream.Stream;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompositionTest {
    private static final int H = 64;
    private static final int W = 48;

    private static Tensor filled(int channels, double value) {
        return torch.full(new long[] {1, channels, 2, 2}, new Scalar(value));
    }

    /** A head of 3 drawn channels at {@code drawn} (before tanh) and the given mask logits. */
    private static Tensor head(double drawn, double... logits) {
        TensorVector parts = new TensorVector(filled(3, drawn));
        for (double l : logits) {
            parts.push_back(filled(1, l));
        }
        return torch.cat(parts, 1);
    }

    @Test
    void thePapersCompositionIsTheHeadItself() {
        Tensor head = filled(3, 0.25);
        assertThat(Composition.NONE.compose(head, filled(3, 1), null).equals(head)).isTrue();
    }

    @Test
    void aLargePersonLogitCopiesThePersonAndALargeNegativeOneDraws() {
        Tensor person = filled(3, 0.8);
        assertThat(maxAbs(Composition.PERSON.compose(head(0.0, 30), person, null).sub(person))).isLessThan(1e-6);
        // tanh(0.5) = 0.46212
        Tensor drawn = Composition.PERSON.compose(head(0.5, -30), person, null);
        assertThat(maxAbs(drawn.sub(filled(3, Math.tanh(0.5))))).isLessThan(1e-6);
    }

    @Test
    void equalLogitsAverageThePersonTheGarmentAndTheDrawnImage() {
        // logits (0, 0) and the drawn image's fixed 0: weights 1/3 each; (0.9 - 0.3 + tanh(1)) / 3 = 0.45387
        Tensor out = Composition.PERSON_AND_GARMENT.compose(head(1.0, 0, 0), filled(3, 0.9), filled(3, -0.3));
        assertThat(maxAbs(out.sub(filled(3, (0.9 - 0.3 + Math.tanh(1.0)) / 3)))).isLessThan(1e-6);
        // a garment logit of ln 2 with a person logit of 0: weights 1/4, 2/4, 1/4
        Tensor garmentFirst = Composition.PERSON_AND_GARMENT.compose(head(0.0, 0, Math.log(2)), filled(3, 0.8),
            filled(3, -0.4));
        assertThat(maxAbs(garmentFirst.sub(filled(3, 0.8 / 4 - 0.4 / 2)))).isLessThan(1e-6);
    }

    @Test
    void theHeadHasOneMaskChannelPerSource() {
        assertThat(Composition.NONE.headChannels()).isEqualTo(3);
        assertThat(Composition.PERSON.headChannels()).isEqualTo(4);
        assertThat(Composition.PERSON_AND_GARMENT.headChannels()).isEqualTo(5);
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Architecture.values())
            .flatMap(a -> Stream.of(Composition.values()).map(c -> Arguments.of(a, c)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aComposingModelGivesImagesInRangeAndItsImageAloneIsTheForwardPasses(Architecture architecture,
                                                                             Composition composition) {
        torch.manual_seed(5);
        Wuton model = new Wuton(ModelConfig.of(ModelSize.TINY, architecture, composition, H, W));
        model.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor person = torch.rand(2, 3, H, W).mul(new Scalar(2.0)).sub(new Scalar(1.0));
            Tensor cloth = torch.rand(2, 3, H, W).mul(new Scalar(2.0)).sub(new Scalar(1.0));
            Wuton.Output out = model.forward(person, cloth);
            assertThat(shape(out.image())).containsExactly(2, 3, H, W);
            // a blend of the drawn image and the inputs, all in [-1, 1]: weights that did not sum to 1 would leave it
            assertThat(maxAbs(out.image())).isLessThanOrEqualTo(1.0);
            assertThat(maxAbs(model.image(person, cloth).sub(out.image()))).isZero();
            // the full-resolution try-on's parts: the same image, and the person's share beside it
            Tensor withShare = model.imageAndPersonShare(person, cloth);
            assertThat(shape(withShare)).containsExactly(2, 4, H, W);
            assertThat(maxAbs(withShare.narrow(1, 0, 3).sub(out.image()))).isZero();
            Tensor share = withShare.narrow(1, 3, 1);
            assertThat(share.min().item_double()).isGreaterThanOrEqualTo(0.0);
            assertThat(share.max().item_double()).isLessThanOrEqualTo(composition == Composition.NONE ? 0.0 : 1.0);
        }
    }

    @Test
    void anUntrainedPersonComposingModelIsPartlyThePerson() {
        // the untrained mask weighs person and drawn image about equally, so the output follows the person
        torch.manual_seed(6);
        Wuton model = new Wuton(ModelConfig.of(ModelSize.TINY, Architecture.PAPER, Composition.PERSON, H, W));
        model.eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor cloth = torch.zeros(1, 3, H, W);
            Tensor white = model.image(torch.ones(1, 3, H, W), cloth);
            Tensor black = model.image(torch.ones(1, 3, H, W).neg(), cloth);
            assertThat(white.sub(black).mean().item_double()).isGreaterThan(0.5);
        }
    }
}
