package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

class PixelErrorsTest {
    @Test
    void psnrAndL1OfFlatImagesByHand() {
        // 0.5 against 0.25: MSE = 0.0625, PSNR = 10 log10(16) = 12.041199826559248 dB, L1 = 0.25
        try (PointerScope scope = new PointerScope()) {
            PixelErrors.Scores s = PixelErrors.of(SsimTest.flat(0.5), SsimTest.flat(0.25)).get(0).scores();
            assertThat(s.psnr()).isCloseTo(10 * Math.log10(16), within(1e-9));
            assertThat(s.l1()).isCloseTo(0.25, within(1e-7));
        }
    }

    @Test
    void identicalImagesHaveTheCappedPsnr() {
        try (PointerScope scope = new PointerScope()) {
            assertThat(PixelErrors.of(SsimTest.flat(0.5), SsimTest.flat(0.5)).get(0).scores().psnr()).isEqualTo(Psnr.MAX_DB);
        }
    }

    @Test
    void regionScoresUseOnlyTheirPixels() {
        // 5x5 image of zero errors except the pixel (2, 2) with squared error 0.04 and absolute error 0.2, SSIM
        // map of value 0.5 at the centre; the border is 5 pixels, so an 11x11 image has a 1x1 SSIM map
        int side = 11;
        double[] squared = new double[side * side];
        double[] absolute = new double[side * side];
        int centre = 5 * side + 5;
        squared[centre] = 0.04;
        absolute[centre] = 0.2;
        PixelErrors e = new PixelErrors(side, side, new double[] {0.5}, squared, absolute);
        byte[] labels = new byte[side * side];
        labels[centre] = 1;
        labels[0] = 1;
        PixelErrors.Scores one = e.scores(labels, 1);
        // two pixels: MSE 0.02 -> PSNR 10 log10(50); L1 0.1; SSIM only from the centre
        assertThat(one.psnr()).isCloseTo(10 * Math.log10(50), within(1e-9));
        assertThat(one.l1()).isCloseTo(0.1, within(1e-12));
        assertThat(one.ssim()).isEqualTo(0.5);
        // a label only on the border has no SSIM pixel: no score
        byte[] border = new byte[side * side];
        border[0] = 2;
        assertThat(e.scores(border, 2)).isNull();
        assertThat(e.scores(border, 3)).isNull();
    }
}
