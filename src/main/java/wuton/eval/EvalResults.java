package wuton.eval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import wuton.data.Pairing;

/**
 * Everything an evaluation produced: what metrics.json and report.html are written from.
 *
 * @param examples the first few test pairs with every model's result
 */
public record EvalResults(Pairing mode, Path data, Instant date, String wutonVersion, List<ModelResult> models,
                          List<Example> examples) {
}
