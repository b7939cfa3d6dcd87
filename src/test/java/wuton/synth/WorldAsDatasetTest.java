package wuton.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.data.Agnostic;
import wuton.data.Dataset;
import wuton.data.DatasetFormat;
import wuton.data.Pairing;
import wuton.data.Sample;
import wuton.data.Split;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.LipLabel;

/** The synthetic world read back through the dataset readers, and the agnostic person built on it. */
class WorldAsDatasetTest {
    private static final WorldConfig CONFIG = WorldConfig.builder(256, 192).count(24).seed(5).testFraction(0.25)
        .accessoryFraction(0.5).build();
    private static final SyntheticWorld WORLD = new SyntheticWorld(CONFIG);

    @TempDir
    static Path root;

    @BeforeAll
    static void writeWorld() {
        WorldWriter writer = new WorldWriter(WORLD, root);
        writer.prepare(false);
        writer.write(i -> { });
    }

    @Test
    void readsAsVitonHdWithTheUnpairedTruth() {
        Dataset train = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        Dataset test = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0);
        assertThat(train.format()).isEqualTo(DatasetFormat.VITON_HD);
        assertThat(train.size()).isEqualTo(CONFIG.trainCount());
        assertThat(test.size()).isEqualTo(CONFIG.testCount());
        for (int i = 0; i < test.size(); i++) {
            Sample s = test.get(i);
            assertThat(s.clothId()).isNotEqualTo(s.personId());
            Rendering truth = WORLD.render(index(s.personId()), index(s.clothId()));
            assertThat(Rgb.pixels(s.truth())).isEqualTo(truth.rgb());
            assertThat(s.truthParse().values()).isEqualTo(truth.lipLabels());
        }
    }

    @Test
    void agnosticPersonKeepsTheRestAndHidesTheGarment() {
        Dataset train = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        for (int i = 0; i < train.size(); i++) {
            Sample s = train.get(i);
            Rendering r = WORLD.render(index(s.personId()), index(s.personId()));
            Plane mask = Agnostic.mask(s.parse(), s.pose());
            int[] person = Rgb.pixels(s.person()), agnostic = Rgb.pixels(Agnostic.person(s.person(), mask));
            assertThat(person).isEqualTo(r.rgb());
            for (int p = 0; p < person.length; p++) {
                boolean hidden = mask.values()[p] == 1;
                if (agnostic[p] != (hidden ? Rgb.GRAY : person[p])) {
                    fail("person %s pixel %d: p* must be gray where hidden and the person elsewhere", s.personId(), p);
                }
                Part top = Part.of(r.parts()[p]);
                boolean garmentShows = (r.garmentCoverage()[p] & 0xff) >= 128 && top == Part.GARMENT;
                if (garmentShows && !hidden) {
                    fail("person %s pixel %d: the garment shows through p*", s.personId(), p);
                }
                if (!hidden && r.inGarmentFootprint(p) && top != Part.HAIR && !top.isAccessory()
                    && (r.garmentCoverage()[p] & 0xff) >= 128) {
                    fail("person %s pixel %d: a pixel mostly covered by the garment is kept as %s", s.personId(), p, top);
                }
            }
        }
    }

    @Test
    void wornGarmentIsThePersonInsideTheClothLabels() {
        Dataset train = Dataset.open(root, Split.TRAIN, Pairing.PAIRED, 0);
        for (int i = 0; i < train.size(); i++) {
            Sample s = train.get(i);
            int[] person = Rgb.pixels(s.person()), worn = Rgb.pixels(Agnostic.wornCloth(s.person(), s.parse()));
            byte[] labels = s.parse().values();
            for (int p = 0; p < person.length; p++) {
                boolean cloth = labels[p] == LipLabel.UPPER_CLOTHES.id;
                if (worn[p] != (cloth ? person[p] : Rgb.WHITE)) {
                    fail("person %s pixel %d: the worn garment is the person inside the cloth labels, white elsewhere",
                        s.personId(), p);
                }
            }
        }
    }

    private static int index(String stem) {
        return Integer.parseInt(stem.substring(0, stem.indexOf('_')));
    }
}
