package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossChartTest {
    @Test
    void chartScalesEachCurveToItsRangeInsideTheMargins() {
        // l1 falls from 0.5 at step 10 to 0.1 at step 110: the first point is at the top left of the 280x120 plot
        // inside the 20-pixel margins, (20, 20), the last at the bottom right, (300, 140); the middle one halfway
        List<MetricsLog.Row> rows = List.of(row(10, 0.5), row(60, 0.3), row(110, 0.1));
        String svg = LossChart.svg(LossTerm.L1, rows);
        assertThat(svg).contains("points=\"20.0,20.0 160.0,80.0 300.0,140.0\"", "l1 (max 0.5000)", "min 0.1000, steps 10-110");
    }

    private static MetricsLog.Row row(int step, double l1) {
        double[] losses = new double[LossTerm.values().length];
        losses[LossTerm.L1.ordinal()] = l1;
        return new MetricsLog.Row(step, 0, losses, 1e-4, 10, 100);
    }
}
