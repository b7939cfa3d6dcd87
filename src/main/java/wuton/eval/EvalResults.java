package wuton.eval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import wuton.data.Pairing;

/**
 * Everything an evaluation produced: what metrics.json and report.html are written from.
 *
 * @param models   in the order they ran: the {@link Identity} baseline first where there is one
 * @param examples the first few test pairs with every model's result
 */
public record EvalResults(Pairing mode, Path data, Instant date, String wutonVersion, List<ModelResult> models,
                          List<Example> examples) {
    /** The baseline the models are compared with, or empty when the evaluation had none (paired mode, no truth). */
    public Optional<ModelResult> baseline() {
        return models.stream().filter(ModelResult::baseline).findFirst();
    }
}
