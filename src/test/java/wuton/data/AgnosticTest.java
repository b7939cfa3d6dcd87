package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

class AgnosticTest {
    private static final int W = 48;
    private static final int H = 64;
    private final Figure figure = Figure.draw(W, H, 2);
    private final Plane mask = Agnostic.mask(figure.parse(), figure.pose());
    private final int[] person = Rgb.pixels(figure.image());
    private final byte[] labels = figure.parse().values();

    @Test
    void keepsEveryPixelOutsideTheMaskAndPaintsTheMaskGray() {
        int[] agnostic = Rgb.pixels(Agnostic.person(figure.image(), mask));
        for (int i = 0; i < agnostic.length; i++) {
            assertThat(agnostic[i]).isEqualTo(mask.values()[i] == 1 ? Rgb.GRAY : person[i]);
        }
    }

    @Test
    void hidesEveryGarmentAndArmPixelAndNoHeadOrLowerBodyPixel() {
        int garment = Figure.garmentColour(2);
        int[] agnostic = Rgb.pixels(Agnostic.person(figure.image(), mask));
        for (int i = 0; i < labels.length; i++) {
            LipLabel label = LipLabel.of(labels[i]);
            if (Agnostic.HIDDEN.contains(label)) {
                assertThat(mask.values()[i]).as("pixel %d (%s)", i, label).isEqualTo((byte) 1);
            }
            if (LipLabel.HEAD.contains(label) || LipLabel.LOWER_CLOTH.contains(label)) {
                assertThat(mask.values()[i]).as("pixel %d (%s)", i, label).isEqualTo((byte) 0);
            }
            assertThat(agnostic[i]).isNotEqualTo(garment);
        }
    }

    @Test
    void theNeckBoxCoversTheNeckBetweenTheShouldersAndTheNose() {
        Rectangle box = Agnostic.neckBox(figure.pose()).orElseThrow();
        Keypoints k = figure.pose();
        assertThat(box.getMinY()).isLessThanOrEqualTo(k.y(CocoKeypoint.NOSE));
        assertThat(box.getMaxY()).isGreaterThan(k.y(CocoKeypoint.NECK));
        assertThat(box.getMinX()).isGreaterThan(k.x(CocoKeypoint.RIGHT_SHOULDER));
        assertThat(box.getMaxX()).isLessThan(k.x(CocoKeypoint.LEFT_SHOULDER));
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == LipLabel.NECK.id) {
                assertThat(mask.values()[i]).as("neck pixel %d", i).isEqualTo((byte) 1);
            }
        }
        // background beside the neck is hidden too: the neckline's silhouette does not leak
        int x = (int) box.getMinX() + 1;
        int y = (int) k.y(CocoKeypoint.NECK) - 1;
        assertThat(labels[y * W + x]).isEqualTo((byte) LipLabel.BACKGROUND.id);
        assertThat(mask.at(x, y)).isEqualTo(1);
    }

    @Test
    void noNeckKeypointMeansNoBox() {
        float[] xyc = figure.pose().toArray();
        xyc[3 * CocoKeypoint.NECK.ordinal() + 2] = 0;
        assertThat(Agnostic.neckBox(new Keypoints(xyc))).isEmpty();
    }

    @Test
    void wornGarmentIsThePersonInsideTheClothLabelsAndWhiteElsewhere() {
        BufferedImage worn = Agnostic.wornCloth(figure.image(), figure.parse());
        int[] pixels = Rgb.pixels(worn);
        for (int i = 0; i < pixels.length; i++) {
            boolean cloth = LipLabel.UPPER_CLOTH.contains(LipLabel.of(labels[i]));
            assertThat(pixels[i]).isEqualTo(cloth ? person[i] : Rgb.WHITE);
        }
    }
}
