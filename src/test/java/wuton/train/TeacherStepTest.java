package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class TeacherStepTest {
    /** Two agnostic persons of one pixel row, the same value in all three channels. */
    private static Tensor pair(float[] a, float[] b) {
        float[] values = new float[6 * a.length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(a, 0, values, c * a.length, a.length);
            System.arraycopy(b, 0, values, (3 + c) * a.length, a.length);
        }
        return torch.tensor(values).reshape(2, 3, 1, a.length);
    }

    private static float[] row(Tensor t, int sample) {
        Tensor r = t.select(0, sample).select(0, 1).reshape(-1);
        float[] out = new float[(int) r.size(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.get(i).item_float();
        }
        return out;
    }

    @Test
    void aBorrowedMaskHidesTheUnionOfBothPersonsHiddenPixels() {
        // a hides pixel 1, b hides pixel 0: each comes out hidden at both
        Tensor borrowed = TeacherStep.withBorrowedMask(pair(new float[] {0.5f, 0, 0.2f}, new float[] {0, 0.3f, -0.4f}));
        assertThat(row(borrowed, 0)).containsExactly(0, 0, 0.2f);
        assertThat(row(borrowed, 1)).containsExactly(0, 0, -0.4f);
    }

    @Test
    void aPixelThatIsZeroInOneChannelOnlyIsNotHidden() {
        Tensor a = pair(new float[] {0.5f, 0.5f}, new float[] {0.7f, 0.7f});
        a.select(1, 0).fill_(new org.bytedeco.pytorch.Scalar(0.0)); // red 0: a dark pixel, not gray
        Tensor borrowed = TeacherStep.withBorrowedMask(a);
        assertThat(row(borrowed, 0)).containsExactly(0.5f, 0.5f);
        assertThat(row(borrowed, 1)).containsExactly(0.7f, 0.7f);
    }
}
