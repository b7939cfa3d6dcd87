package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.image.Plane;
import wuton.labels.LipLabel;
import wuton.synth.WorldConfig;
import wuton.testing.Overlap;
import wuton.testing.Worlds;

/**
 * How close h(p)'s agnostic person comes to the one the exact parsing and pose make, on the 100 test people of a
 * drawn world (256 x 192, the default seed): the region p* hides, as intersection over union, once from the
 * world's exact silhouettes and keypoints (what {@link ApproximateParsing} loses alone) and once from the shipped
 * models (what h(p) loses in all). It prints both for docs/vision.md and holds floors under them.
 */
class PhotoAnalysisAccuracyTest {
    private static final int PEOPLE = 100;

    @Test
    void theHiddenRegionAgreesWithTheExactMapsFromExactInputsAndFromTheModels(@TempDir Path root) {
        Worlds.write(root, WorldConfig.builder(256, 192).count(2 * PEOPLE).testFraction(0.5)
            .look(WorldConfig.Look.STUDIO).build());
        Dataset test = Dataset.open(root, Split.TEST, Pairing.PAIRED, 0);
        Overlap fromTruth = new Overlap(), fromModels = new Overlap();
        int noPerson = 0;
        try (PhotoAnalysis h = PhotoAnalysis.loadDefault()) {
            for (int i = 0; i < test.size(); i++) {
                Sample s = test.get(i);
                Plane exact = Agnostic.mask(s.parse(), s.pose());
                fromTruth.add(exact, Agnostic.mask(ApproximateParsing.of(silhouette(s.parse()), s.pose()), s.pose()));
                try {
                    PhotoAnalysis.Result found = h.analyse(s.person());
                    fromModels.add(exact, Agnostic.mask(found.parse(), found.pose()));
                } catch (UserError e) {
                    noPerson++;
                }
            }
        }
        // first: the exact maps' hidden region, second: the guessed one
        System.out.printf(Locale.ROOT, "h(p) on %d drawn people: from exact silhouettes and keypoints %s; from the"
            + " shipped models %s; no person found in %d%n", test.size(), fromTruth, fromModels, noPerson);
        assertThat(test.size()).isEqualTo(PEOPLE);
        assertThat(fromTruth.iou()).isGreaterThan(0.85);
        assertThat(fromModels.iou()).isGreaterThan(0.7);
        assertThat(noPerson).isLessThan(PEOPLE / 20);
    }

    private static Plane silhouette(Plane parse) {
        byte[] person = new byte[parse.values().length];
        for (int i = 0; i < person.length; i++) {
            person[i] = (byte) (parse.values()[i] != LipLabel.BACKGROUND.id ? 1 : 0);
        }
        return new Plane(parse.width(), parse.height(), person);
    }
}
