package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path tmp;

    @Test
    void aLogWrittenBeforeTheReconstructionTermIsReadAndResumed() throws Exception {
        Path file = tmp.resolve("metrics.csv");
        Files.writeString(file, String.join("\n",
            "step,epoch,warp,l1,perceptual,adversarial,generator_total,discriminator,gradient_penalty,theta_abs,lr,"
                + "images_per_s,rss_mb",
            "50,0,0.5,0.25,0,1.5,0.9,1.2,0.01,0.2,0.0002,20,800",
            "100,0,0.4,0.2,0,1.4,0.8,1.1,0.02,0.3,0.0002,21,810"), java.nio.charset.StandardCharsets.UTF_8);
        List<MetricsLog.Row> rows = MetricsLog.read(file);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).loss(LossTerm.THETA)).isEqualTo(0.3);
        assertThat(rows.get(1).loss(LossTerm.RECONSTRUCTION)).isZero();
        assertThat(rows.get(1).learningRate()).isEqualTo(0.0002);
        assertThat(rows.get(1).rssMb()).isEqualTo(810);

        // resuming at step 50 keeps the first row, rewritten with this version's header and a 0 there
        MetricsLog.open(file, 50).close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(MetricsLog.HEADER).contains("theta_abs,reconstruction,lr");
        assertThat(MetricsLog.read(file).get(0).loss(LossTerm.ADVERSARIAL)).isEqualTo(1.5);
    }

    @Test
    void aRowIsWrittenInHeaderOrderAndReadBackAsItWas() throws Exception {
        Path file = tmp.resolve("metrics.csv");
        LossValues losses = LossValues.ZERO.with(LossTerm.WARP, 0.5).with(LossTerm.L1, 0.25)
            .with(LossTerm.RECONSTRUCTION, 0.125);
        MetricsLog.Row row = new MetricsLog.Row(50, 1, losses, 0.0002, 20, 800);
        try (MetricsLog log = MetricsLog.open(file, 0)) {
            log.append(row);
        }
        assertThat(Files.readAllLines(file)).containsExactly(MetricsLog.HEADER,
            "50,1,0.500000,0.250000,0.00000,0.00000,0.00000,0.00000,0.00000,0.00000,0.125000,0.000200000,20.0000,800.000");
        assertThat(MetricsLog.read(file)).containsExactly(row);
    }

    @Test
    void theDocsListTheColumnsOfTheHeader() throws Exception {
        String docs = Files.readString(Path.of("docs/training.md"));
        Matcher columns = Pattern.compile("`metrics.csv` columns: `([^`]*)`").matcher(docs);
        assertThat(columns.find()).as("the column list in docs/training.md").isTrue();
        assertThat(columns.group(1).replaceAll("\\s+", " ").replace(", ", ",")).isEqualTo(MetricsLog.HEADER);
    }
}
