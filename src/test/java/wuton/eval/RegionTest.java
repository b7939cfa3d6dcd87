package wuton.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import wuton.image.Plane;
import wuton.labels.LipLabel;

class RegionTest {
    @Test
    void eachPixelTakesTheFirstRegionThatClaimsIt() {
        // pixels: 0 accessory over the garment, 1 garment in the truth only, 2 garment in the person only,
        // 3 arm in the truth, 4 arm in the person only (the new garment's sleeve is not there: rest), 5 face
        Plane person = plane(LipLabel.UPPER_CLOTHES, LipLabel.LEFT_ARM, LipLabel.UPPER_CLOTHES, LipLabel.RIGHT_ARM,
            LipLabel.LEFT_ARM, LipLabel.FACE);
        Plane truth = plane(LipLabel.UPPER_CLOTHES, LipLabel.UPPER_CLOTHES, LipLabel.LEFT_ARM, LipLabel.RIGHT_ARM,
            LipLabel.NECK, LipLabel.FACE);
        Plane accessories = new Plane(6, 1, new byte[] {1, 0, 0, 0, 0, 0});
        assertThat(Region.label(person, truth, accessories)).containsExactly(
            ord(Region.ACCESSORIES), ord(Region.GARMENT), ord(Region.GARMENT), ord(Region.ARMS_AND_HANDS),
            ord(Region.FACE_AND_REST), ord(Region.FACE_AND_REST));
        // without accessory masks the accessory pixel is garment
        assertThat(Region.label(person, truth, null)[0]).isEqualTo(ord(Region.GARMENT));
    }

    private static byte ord(Region r) {
        return (byte) r.ordinal();
    }

    private static Plane plane(LipLabel... labels) {
        byte[] ids = new byte[labels.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) labels[i].id;
        }
        return new Plane(labels.length, 1, ids);
    }
}
