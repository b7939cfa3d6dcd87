package wuton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;
import wuton.image.Plane;

class NoisyParsingTest {
    @TempDir
    Path root;

    @Test
    void readsThePersonsParsingFromTheNoisyFolderAndEverythingElseAsBefore() {
        Fixtures.vitonHd(root, 2);
        // a parser that found nobody: every pixel background
        for (String id : new String[] {"00000_00", "00001_00"}) {
            Fixtures.writeParse(Plane.zeros(48, 64), root.resolve("test/image-parse-v3-noisy/" + id + ".png"));
        }
        Dataset exact = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0);
        Dataset noisy = NoisyParsing.of(exact);

        assertThat(noisy.size()).isEqualTo(2);
        assertThat(noisy.format()).isEqualTo(DatasetFormat.VITON_HD);
        assertThat(noisy.files(1).parse()).isEqualTo(root.resolve("test/image-parse-v3-noisy/00001_00.png"));
        assertThat(noisy.files(1)).usingRecursiveComparison().ignoringFields("parse").isEqualTo(exact.files(1));
        Sample s = noisy.get(1);
        Sample e = exact.get(1);
        assertThat(s.parse()).isEqualTo(Plane.zeros(48, 64));
        assertThat(e.parse()).isNotEqualTo(Plane.zeros(48, 64));
        assertThat(s.truthParse()).isEqualTo(e.truthParse());
        assertThat(s.clothId()).isEqualTo("00000_00");
    }

    @Test
    void aDatasetWithoutDegradedMapsIsRefusedNamingTheMissingFolder() {
        Fixtures.vitonHd(root, 2);
        Dataset exact = Dataset.open(root, Split.TEST, Pairing.UNPAIRED, 0);
        assertThatThrownBy(() -> NoisyParsing.of(exact)).isInstanceOf(UserError.class)
            .hasMessage("no degraded parsing maps: " + root.resolve("test/image-parse-v3-noisy")
                + " is missing (./wuton synth --parse-noise writes them beside image-parse-v3/)");
    }
}
