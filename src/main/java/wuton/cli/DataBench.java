package wuton.cli;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import wuton.common.UserError;
import wuton.data.Batch;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.train.TrainConfig;

/** {@code wuton data bench DIR}: how many batches per second the loader delivers. */
@Command(name = "bench", mixinStandardHelpOptions = true, resourceBundle = "wuton.cli.TrainHelp",
    description = "Measure the loader: batches per second, decoding, resizing and building tensors, "
        + "with nothing else consuming them.")
final class DataBench implements Runnable {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--size", paramLabel = "HxW",
        description = "Training size, height x width (default: train's, ${bundle:height.default}x${bundle:width.default}).")
    String size;

    @Option(names = "--batch", description = "Batch size (default: train's, ${bundle:batch.default}).")
    Integer batch;

    @Option(names = "--batches", defaultValue = "100", description = "Batches to time, after 2 of warm-up "
        + "(default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--workers", description = "Decoding threads (default: cores - 1).")
    Integer workers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final int WARMUP = 2;

    @Override
    public void run() {
        // what a training run with these options would load
        TrainConfig train = TrainConfig.defaults();
        ImageSize hw = size != null ? ImageSize.parse(size) : new ImageSize(train.height(), train.width());
        int height = hw.height();
        int width = hw.width();
        int batch = this.batch != null ? this.batch : train.batch();
        if (batches <= 0) {
            throw new UserError("--batches " + batches + ": must be positive");
        }
        Dataset data = dataset.open();
        Loader.Options.Builder settings = Loader.Options.builder(width, height, batch).shuffled(dataset.seed)
            .strict(dataset.strict).maxBad(dataset.maxBad.fraction());
        if (workers != null) {
            settings.workers(workers);
        }
        Loader.Options options = settings.build();
        long start = 0;
        int taken = 0;
        int samples = 0;
        try (Loader loader = new Loader(data, options)) {
            if (!loader.hasNext()) {
                throw new UserError(dataset.root + ": no sample could be read");
            }
            while (taken < WARMUP + batches) {
                if (!loader.hasNext()) {
                    loader.startPass(dataset.seed);
                    continue;
                }
                try (Batch b = loader.next()) {
                    taken++;
                    samples += taken > WARMUP ? b.size() : 0;
                }
                if (taken == WARMUP) {
                    start = System.nanoTime();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT,
            "loader: %.1f batches/s (%.0f samples/s) at %dx%d (H x W), batch %d, %d decoding threads, %d batches timed%n",
            batches / seconds, samples / seconds, height, width, batch, options.workers(), batches);
    }
}
