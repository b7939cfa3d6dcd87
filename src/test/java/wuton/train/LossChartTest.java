package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class LossChartTest {
    @TempDir
    Path tmp;

    @Test
    void aPanelScalesItsCurveToItsRangeInsideTheMargins() {
        // l1 falls from 0.5 at step 10 to 0.1 at step 110: the first point is at the top left of the 280x120 plot
        // inside the 20-pixel margins, (20, 20), the last at the bottom right, (300, 140); the middle one halfway
        List<MetricsLog.Row> rows = List.of(row(10, 0.5), row(60, 0.3), row(110, 0.1));
        assertThat(LossChart.panel(LossTerm.L1, rows))
            .contains("d=\"M20.0,20.0 L160.0,80.0 L300.0,140.0\"", "l1 (max 0.5000)", "min 0.1000, steps 10-110");
    }

    @Test
    void aNonFiniteValueBreaksTheCurveAndIsLeftOutOfTheRange() {
        // finite range 0.1 to 0.5 over steps 10 to 160: step 110 is at x = 20 + 280 * 100 / 150 = 206.7, at the
        // bottom; step 160 (0.3) at the right edge, halfway down
        List<MetricsLog.Row> rows = List.of(row(10, 0.5), row(60, Double.NaN), row(110, 0.1), row(160, 0.3));
        assertThat(LossChart.panel(LossTerm.L1, rows))
            .contains("d=\"M20.0,20.0 M206.7,140.0 L300.0,80.0\"", "l1 (max 0.5000)", "min 0.1000, steps 10-160");
    }

    @Test
    void theRunsChartIsAStandaloneDocumentWithAPanelPerTermFourToARow() throws Exception {
        Path file = tmp.resolve("loss.svg");
        LossChart.write(file, List.of(row(10, 0.5), row(20, 0.4)));
        String text = Files.readString(file);
        assertThat(text).startsWith("<?xml");
        Document doc = DocumentBuilderFactory.newInstance()
            .newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        int terms = LossTerm.values().length;
        int panelRows = (terms + 3) / 4;
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("1280");
        assertThat(root.getAttribute("height")).isEqualTo(String.valueOf(160 * panelRows));
        assertThat(doc.getElementsByTagName("g").getLength()).isEqualTo(terms);
        // the fifth panel starts the second row
        Element fifth = (Element) doc.getElementsByTagName("g").item(4);
        assertThat(fifth.getAttribute("transform")).isEqualTo("translate(0,160)");
        assertThat(fifth.getTextContent()).contains(LossTerm.values()[4].column());
    }

    @Test
    void fewerThanTwoRowsDrawNothing() throws Exception {
        Path file = tmp.resolve("loss.svg");
        LossChart.write(file, List.of(row(10, 0.5)));
        assertThat(file).doesNotExist();

        RunDirectory run = new RunDirectory(tmp.resolve("run"));
        assertThat(LossChart.svg(run.root())).isEmpty();
        Files.createDirectories(run.root());
        try (MetricsLog log = MetricsLog.open(run.metrics(), 0)) {
            log.append(row(10, 0.5));
        }
        assertThat(LossChart.svg(run.root())).isEmpty();
    }

    @Test
    void theReportShowsTheHeadlineTermsInOneRow() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("run"));
        Files.createDirectories(run.root());
        try (MetricsLog log = MetricsLog.open(run.metrics(), 0)) {
            log.append(row(10, 0.5));
            log.append(row(20, 0.4));
        }
        String svg = LossChart.svg(run.root());
        assertThat(svg).startsWith("<svg").contains("width=\"1280\" height=\"160\"")
            .contains("l1 (max", "perceptual (max", "generator_total (max", "discriminator (max")
            .doesNotContain("warp (max");
    }

    private static MetricsLog.Row row(int step, double l1) {
        return new MetricsLog.Row(step, 0, LossValues.ZERO.with(LossTerm.L1, l1), 1e-4, 10, 100);
    }
}
