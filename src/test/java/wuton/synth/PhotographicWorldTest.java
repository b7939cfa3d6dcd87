package wuton.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/** The photographic look: framing, background photographs, light and camera, with the truth still exact. */
class PhotographicWorldTest {
    private static final int PEOPLE = 200;
    private static final WorldConfig CONFIG = WorldConfig.builder(128, 96).count(PEOPLE).seed(5).emptyFraction(0.1)
        .build();
    private final SyntheticWorld world = new SyntheticWorld(CONFIG);

    @Test
    void thePhotographicLookIsTheDefault() {
        assertThat(WorldConfig.builder(64, 48).build().look()).isEqualTo(WorldConfig.Look.PHOTO);
    }

    @Test
    void everyFramingIsDrawnAndCloseUpsShowTheFaceButNotTheFeet() {
        Map<Shot.Framing, Integer> seen = new EnumMap<>(Shot.Framing.class);
        for (int i = 0; i < PEOPLE; i++) {
            Shot shot = world.shot(i);
            seen.merge(shot.framing(), 1, Integer::sum);
            if (shot.framing() == Shot.Framing.CLOSE_UP && !shot.empty()) {
                Keypoints k = world.render(i, i).keypoints();
                assertThat(k.present(CocoKeypoint.RIGHT_ANKLE) || k.present(CocoKeypoint.LEFT_ANKLE))
                    .as("person %d: a close-up shows no ankle", i).isFalse();
                assertThat(k.present(CocoKeypoint.NECK)).as("person %d: a close-up shows the neck", i).isTrue();
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder(Shot.Framing.values());
    }

    @Test
    void everyVisibleKeypointLiesOnTheBodyAfterFraming() {
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            Rendering r = world.render(i, i);
            Keypoints k = r.keypoints();
            for (CocoKeypoint p : CocoKeypoint.values()) {
                if (!k.present(p) || k.confidence(p) < PersonPainter.VISIBLE) {
                    continue;
                }
                int x = (int) Math.floor(k.x(p)), y = (int) Math.floor(k.y(p));
                assertThat(x).as("person %d %s x", i, p).isBetween(0, r.width() - 1);
                assertThat(y).as("person %d %s y", i, p).isBetween(0, r.height() - 1);
                assertThat(Part.of(r.parts()[y * r.width() + x])).as("person %d %s", i, p).isNotEqualTo(Part.BACKGROUND);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(60 * 6);
    }

    @Test
    void emptyPhotographsAreTrainingOnlyShowNobodyAndAnyGarmentLeavesThemAlone() {
        int empty = 0;
        for (int i = 0; i < PEOPLE; i++) {
            if (!world.shot(i).empty()) {
                continue;
            }
            assertThat(i).as("an empty photograph in the training split").isLessThan(CONFIG.trainCount());
            Rendering paired = world.render(i, i), other = world.render(i, (i + 1) % PEOPLE);
            for (byte part : paired.parts()) {
                assertThat(part).isEqualTo((byte) Part.BACKGROUND.ordinal());
            }
            assertThat(other.rgb()).as("the truth of a try-on on nobody is the photograph").isEqualTo(paired.rgb());
            for (CocoKeypoint p : CocoKeypoint.values()) {
                assertThat(paired.keypoints().present(p)).isFalse();
            }
            empty++;
        }
        // 10% of the 180 training photographs, give or take
        assertThat(empty).isBetween(8, 32);
    }

    /**
     * Light, shadow, blur and JPEG reach a little beyond the garment: the truth equals the paired photograph exactly
     * everywhere further than {@value #REACH} pixels from either garment or the arms, and its parsing and keypoints
     * equal the paired ones outside them.
     */
    @Test
    void unpairedTruthEqualsThePairedPhotographAwayFromGarmentsAndArms() {
        long compared = 0, total = 0;
        for (int i = 0; i < 40; i++) {
            if (world.shot(i).empty()) {
                continue;
            }
            int other = (i + 17) % PEOPLE;
            Rendering paired = world.render(i, i), truth = world.render(i, other);
            int w = paired.width(), h = paired.height();
            boolean[] changed = new boolean[w * h];
            for (int p = 0; p < changed.length; p++) {
                changed[p] = paired.inGarmentFootprint(p) || truth.inGarmentFootprint(p)
                    || Part.of(paired.parts()[p]).isArm() || Part.of(truth.parts()[p]).isArm();
                if (!changed[p] && truth.parts()[p] != paired.parts()[p]) {
                    fail("person %d pixel %d: parsing differs outside the garments and arms", i, p);
                }
            }
            boolean[] near = dilate(changed, w, h, REACH);
            for (int p = 0; p < changed.length; p++) {
                total++;
                if (near[p]) {
                    continue;
                }
                if (truth.rgb()[p] != paired.rgb()[p]) {
                    fail("person %d pixel (%d, %d) differs far from the garments and arms", i, p % w, p / w);
                }
                compared++;
            }
            assertThat(paired.keypoints()).isEqualTo(truth.keypoints());
        }
        assertThat(compared).as("pixels far from any change").isGreaterThan(total / 20);
    }

    /**
     * At 128 pixels high: the shadow's displacement (up to 6% of the height, 8 pixels) and its blur (3 sigma of 2%,
     * 8), the camera's blur (2), a JPEG colour block (16) and its upsampling (1), rounded up.
     */
    private static final int REACH = 36;

    private static boolean[] dilate(boolean[] mask, int w, int h, int r) {
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!mask[y * w + x]) {
                    continue;
                }
                for (int v = Math.max(0, y - r); v <= Math.min(h - 1, y + r); v++) {
                    for (int u = Math.max(0, x - r); u <= Math.min(w - 1, x + r); u++) {
                        out[v * w + u] = true;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theSamePersonIsTheSamePhotographEveryTime() {
        for (int i : new int[] {0, 7, 150}) {
            assertThat(world.render(i, 3).rgb()).isEqualTo(new SyntheticWorld(CONFIG).render(i, 3).rgb());
        }
    }

    @Test
    void everyBackgroundPhotographLoadsAndHasItsLicenceWritten() throws IOException {
        String licences;
        try (InputStream in = Backdrops.class.getResourceAsStream(Backdrops.FOLDER + "LICENSES.md")) {
            assertThat(in).as("the background photographs' licences").isNotNull();
            licences = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Backdrops.all()).hasSizeGreaterThanOrEqualTo(12);
        for (Backdrops.Photo photo : Backdrops.all()) {
            assertThat(licences).as("a licence row for " + photo.name()).contains(photo.name());
            assertThat(Math.max(photo.width(), photo.height())).isBetween(64, 1024);
        }
    }
}
