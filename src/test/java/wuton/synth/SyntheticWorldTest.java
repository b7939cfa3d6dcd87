package wuton.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;
import wuton.labels.LipLabel;

class SyntheticWorldTest {
    private static final int PEOPLE = 120;
    // every accessory on half the people, so bags, necklaces and bracelets are well covered; the drawing itself, in
    // the studio (the photographic look's framing, light and camera: PhotographicWorldTest)
    private static final WorldConfig CONFIG = WorldConfig.builder(256, 192).count(PEOPLE).seed(7).accessoryFraction(0.5)
        .look(WorldConfig.Look.STUDIO).build();
    private final SyntheticWorld world = new SyntheticWorld(CONFIG);

    @Test
    void everyVisibleKeypointLiesOnTheBody() {
        int checked = 0;
        for (int i = 0; i < PEOPLE; i++) {
            Rendering r = world.render(i, i);
            Keypoints k = r.keypoints();
            for (CocoKeypoint p : CocoKeypoint.values()) {
                if (!k.present(p)) {
                    continue;
                }
                int x = (int) Math.floor(k.x(p)), y = (int) Math.floor(k.y(p));
                assertThat(x).as("person %d %s x", i, p).isBetween(0, r.width() - 1);
                assertThat(y).as("person %d %s y", i, p).isBetween(0, r.height() - 1);
                Part part = Part.of(r.parts()[y * r.width() + x]);
                if (k.confidence(p) >= PersonPainter.VISIBLE) {
                    assertThat(part).as("person %d %s at (%d, %d)", i, p, x, y).isNotIn(Part.BACKGROUND, Part.BAG);
                    checked++;
                } else {
                    assertThat(part).as("a low-confidence keypoint is one under a bag").isEqualTo(Part.BAG);
                }
            }
        }
        assertThat(checked).isGreaterThan(PEOPLE * 15);
    }

    @Test
    void garmentLabelIsWhereTheGarmentWasDrawn() {
        for (int i = 0; i < PEOPLE; i++) {
            Rendering r = world.render(i, i);
            byte[] lip = r.lipLabels();
            int labelled = 0;
            for (int p = 0; p < lip.length; p++) {
                Part part = Part.of(r.parts()[p]);
                boolean garmentLabel = lip[p] == LipLabel.UPPER_CLOTHES.id;
                boolean mostlyGarment = (r.garmentCoverage()[p] & 0xff) >= 128;
                if (garmentLabel != (part == Part.GARMENT)) {
                    fail("person %d pixel %d: LIP upper-clothes but the top part is %s", i, p, part);
                }
                if (garmentLabel && !mostlyGarment) {
                    fail("person %d pixel %d: labelled garment where the garment covers under half", i, p);
                }
                if (!garmentLabel && mostlyGarment && !coveredByLaterLayer(part)) {
                    fail("person %d pixel %d: garment drawn but labelled %s", i, p, part);
                }
                labelled += garmentLabel ? 1 : 0;
            }
            assertThat(labelled).as("person %d shows its garment", i).isGreaterThan(r.width() * r.height() / 50);
        }
    }

    @Test
    void unpairedTruthEqualsPairedImageOutsideGarmentsAndArms() {
        long compared = 0, total = 0;
        for (int i = 0; i < 40; i++) {
            int other = (i + 17) % PEOPLE;
            Rendering paired = world.render(i, i), truth = world.render(i, other);
            int differing = 0;
            for (int p = 0; p < paired.rgb().length; p++) {
                total++;
                if (paired.rgb()[p] != truth.rgb()[p]) {
                    differing++;
                }
                if (paired.inGarmentFootprint(p) || truth.inGarmentFootprint(p)
                    || Part.of(paired.parts()[p]).isArm() || Part.of(truth.parts()[p]).isArm()) {
                    continue;
                }
                if (truth.rgb()[p] != paired.rgb()[p] || truth.parts()[p] != paired.parts()[p]) {
                    fail("person %d pixel %d differs outside the garments and arms", i, p);
                }
                compared++;
            }
            assertThat(differing).as("person %d: another garment changes the picture", i).isGreaterThan(100);
            assertThat(paired.keypoints()).isEqualTo(truth.keypoints());
        }
        assertThat(compared).isGreaterThan(total / 2);
    }

    @Test
    void accessoriesAppearAndMapToTheirLipLabels() {
        List<Part> seen = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            Rendering r = world.render(i, i);
            byte[] lip = r.lipLabels();
            for (int p = 0; p < lip.length; p++) {
                Part part = Part.of(r.parts()[p]);
                if (part.isAccessory() && !seen.contains(part)) {
                    seen.add(part);
                }
                if (lip[p] != part.lip.id) {
                    fail("pixel %d: %s written as LIP %d", p, part, lip[p]);
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Part.BAG, Part.NECKLACE, Part.BRACELET);
        assertThat(Part.BAG.lip).isEqualTo(LipLabel.BACKGROUND);
        assertThat(Part.NECKLACE.lip).isEqualTo(LipLabel.SCARF);
        assertThat(Part.BRACELET.lip).isEqualTo(LipLabel.GLOVE);
    }

    @Test
    void parseNoiseMakesAParsersMistakesAndOnlyThose() {
        int absorbedBags = 0, changedMaps = 0;
        for (int i = 0; i < 40; i++) {
            Rendering r = world.render(i, i);
            byte[] exact = r.lipLabels(), noisy = world.noisyParse(r, i);
            int changed = 0;
            boolean absorbed = false;
            for (int p = 0; p < exact.length; p++) {
                assertThat((int) noisy[p]).isBetween(0, LipLabel.count() - 1);
                changed += exact[p] != noisy[p] ? 1 : 0;
                absorbed |= r.parts()[p] == Part.BAG.ordinal() && noisy[p] == LipLabel.UPPER_CLOTHES.id;
            }
            assertThat(changed).as("person %d: a few boundaries, not a new picture", i).isLessThan(exact.length / 10);
            changedMaps += changed > 0 ? 1 : 0;
            absorbedBags += absorbed ? 1 : 0;
        }
        assertThat(changedMaps).isGreaterThan(30);
        assertThat(absorbedBags).as("bags absorbed into the garment label").isGreaterThan(3);
        assertThat(world.noisyParse(world.render(3, 3), 3)).isEqualTo(world.noisyParse(world.render(3, 3), 3));
    }

    @Test
    void noAccessoriesWhenTheFractionIsZero() {
        SyntheticWorld plain = new SyntheticWorld(WorldConfig.builder(128, 96).count(30).seed(7).accessoryFraction(0).build());
        for (int i = 0; i < 30; i++) {
            byte[] mask = plain.render(i, i).accessoryMask();
            assertThat(mask).containsOnly((byte) 0);
        }
    }

    @Test
    void productPhotoIsTheGarmentCentredOnWhite() {
        int w = 192, h = 256;
        for (int i = 0; i < 20; i++) {
            int[] rgb = new int[w * h];
            byte[] mask = new byte[w * h];
            world.product(i, rgb, mask);
            long inside = 0;
            double sumX = 0, sumY = 0;
            for (int p = 0; p < rgb.length; p++) {
                if (mask[p] != 0) {
                    inside++;
                    sumX += p % w;
                    sumY += p / w;
                } else if (rgb[p] != 0xFFFFFF && !touchesMask(mask, w, h, p)) {
                    fail("garment %d pixel %d is not white off the garment", i, p);
                }
            }
            assertThat(inside).isBetween((long) (w * h / 8), (long) (w * h * 3 / 4));
            assertThat(sumX / inside).isCloseTo(w / 2.0, org.assertj.core.data.Offset.offset(w * 0.1));
            assertThat(sumY / inside).isCloseTo(h / 2.0, org.assertj.core.data.Offset.offset(h * 0.15));
        }
    }

    @Test
    void everyPersonIsAFunctionOfSeedAndIndex() {
        SyntheticWorld again = new SyntheticWorld(CONFIG);
        assertThat(again.render(5, 9).rgb()).isEqualTo(world.render(5, 9).rgb());
        SyntheticWorld otherSeed = new SyntheticWorld(CONFIG.toBuilder().seed(8).build());
        assertThat(otherSeed.render(5, 9).rgb()).isNotEqualTo(world.render(5, 9).rgb());
    }

    private static boolean coveredByLaterLayer(Part part) {
        return part.isArm() || part.isAccessory() || part == Part.HAIR;
    }

    private static boolean touchesMask(byte[] mask, int w, int h, int p) {
        int x = p % w, y = p / w;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int nx = x + dx, ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[ny * w + nx] != 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
