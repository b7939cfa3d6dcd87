package wuton.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;
import wuton.common.UserError;
import wuton.data.BadData;
import wuton.data.BadSampleException;
import wuton.data.Dataset;
import wuton.data.DatasetStats;
import wuton.labels.LipLabel;

/**
 * {@code wuton data check DIR}: reads every sample and reports counts, sizes, labels and problems. Unlike a
 * training pass it reads on past the tolerated fraction of bad samples, so that the counts it prints are the
 * dataset's, and only then fails.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Read every sample of a dataset; print counts, sizes, a label histogram and the problems found. "
        + "Exits 2 after the report when more than --max-bad of the samples are bad (or at the first one with --strict).")
final class DataCheck implements Runnable {
    @Mixin
    DatasetOptions dataset;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        Dataset data = dataset.open();
        BadData bad = dataset.badDataTally(data.size());
        DatasetStats stats = new DatasetStats();
        try (ProgressBar progress = new ProgressBarBuilder().setTaskName("check").setInitialMax(data.size())
            .setUpdateIntervalMillis(500).continuousUpdate().clearDisplayOnFinish()
            // a bar only for a person at a terminal, not in logs
            .setConsumer(System.console() == null ? new DelegatingProgressBarConsumer(line -> { })
                : new ConsoleProgressBarConsumer(System.err))
            .build()) {
            IntStream.range(0, data.size()).parallel().forEach(i -> {
                try {
                    stats.add(data.get(i));
                } catch (BadSampleException e) {
                    synchronized (bad) {
                        bad.record(e);
                    }
                }
                progress.step();
            });
        }
        report(spec.commandLine().getOut(), data, stats, bad);
    }

    private void report(PrintWriter out, Dataset data, DatasetStats stats, BadData bad) {
        out.println("dataset: " + dataset.describe(data));
        out.println("samples: " + data.size() + " (" + stats.samples() + " read, " + bad.count() + " bad)");
        out.println("person sizes (W x H): " + sizes(stats.personSizes()));
        out.println("garment sizes (W x H): " + sizes(stats.clothSizes()));
        out.println("labels (share of person pixels):");
        for (LipLabel label : LipLabel.values()) {
            double share = stats.labelShare(label);
            if (share > 0) {
                out.printf(Locale.ROOT, "  %2d %-14s %6.2f%%%n", label.id, label.name().toLowerCase(Locale.ROOT), 100 * share);
            }
        }
        out.printf(Locale.ROOT, "keypoints present: %.1f of 18 on average%n", stats.meanKeypoints());
        out.println("problems: " + (bad.count() == 0 ? "none" : bad.summary()));
        bad.messages().forEach(m -> out.println("  " + m));
        if (bad.count() > bad.messages().size()) {
            out.println("  ... and " + (bad.count() - bad.messages().size()) + " more");
        }
        out.flush();
        bad.checkTolerated();
        if (stats.samples() == 0) {
            throw new UserError(dataset.root + ": no sample could be read");
        }
    }

    private static String sizes(Map<String, Integer> sizes) {
        return sizes.isEmpty() ? "none" : sizes.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }
}
