package wuton.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import wuton.common.AtomicFiles;
import wuton.common.ResidentMemory;
import wuton.common.UserError;

/**
 * {@code metrics.csv}: one row per logging window with the mean of each {@link LossTerm} over the window,
 * the learning rate, the throughput and the process's resident memory:
 * {@code step,epoch,warp,l1,perceptual,adversarial,generator_total,discriminator,gradient_penalty,theta_abs,reconstruction,lr,images_per_s,rss_mb}.
 * Rows are appended and flushed as they come, so the file can be watched during a run.
 */
public final class MetricsLog implements AutoCloseable {
    private static final String FIXED_BEFORE = "step,epoch";
    private static final String FIXED_AFTER = "lr,images_per_s,rss_mb";
    /** The number of columns besides the losses. */
    private static final int FIXED_COLUMNS = (FIXED_BEFORE + "," + FIXED_AFTER).split(",").length;
    public static final String HEADER = FIXED_BEFORE + ","
        + Arrays.stream(LossTerm.values()).map(LossTerm::column).collect(Collectors.joining(",")) + "," + FIXED_AFTER;
    /** The header of runs from before {@link LossTerm#RECONSTRUCTION}: read, resumed, and rewritten with 0 there. */
    private static final String HEADER_WITHOUT_RECONSTRUCTION = HEADER.replace(
        "," + LossTerm.RECONSTRUCTION.column() + ",", ",");

    /**
     * One row.
     *
     * @param losses the window's mean of each {@link LossTerm}
     */
    public record Row(int step, int epoch, LossValues losses, double learningRate, double imagesPerSecond, double rssMb) {
        public double loss(LossTerm term) {
            return losses.get(term);
        }

        String csv() {
            StringBuilder line = new StringBuilder().append(step).append(',').append(epoch);
            for (LossTerm term : LossTerm.values()) {
                line.append(',').append(format(losses.get(term)));
            }
            return line.append(',').append(format(learningRate)).append(',').append(format(imagesPerSecond))
                .append(',').append(format(rssMb)).toString();
        }

        static Row parse(String line) {
            String[] f = line.split(",");
            int all = LossTerm.values().length;
            // a row of a run from before the reconstruction term has one loss fewer, that one (the last)
            int terms = f.length == FIXED_COLUMNS + all ? all : all - 1;
            // the loss columns follow step and epoch in LossTerm order (HEADER)
            LossValues losses = LossValues.of(t -> t.ordinal() < terms ? Double.parseDouble(f[2 + t.ordinal()]) : 0);
            return new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]), losses, Double.parseDouble(f[2 + terms]),
                Double.parseDouble(f[3 + terms]), Double.parseDouble(f[4 + terms]));
        }

        private static String format(double v) {
            return String.format(Locale.ROOT, "%.6g", v);
        }
    }

    /** Sums the terms of the steps since the last row. */
    public static final class Window {
        private LossValues sums = LossValues.ZERO;
        private int steps;
        private int images;
        private long startNanos = System.nanoTime();

        public void add(LossValues losses, int batchImages) {
            sums = sums.plus(losses);
            steps++;
            images += batchImages;
        }

        public boolean isEmpty() {
            return steps == 0;
        }

        public double mean(LossTerm term) {
            return sums.get(term) / steps;
        }

        /** The row for this window, then starts a new one. */
        public Row close(int step, int epoch, double learningRate) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Row row = new Row(step, epoch, sums.dividedBy(steps), learningRate, images / seconds,
                ResidentMemory.megabytes());
            sums = LossValues.ZERO;
            steps = 0;
            images = 0;
            startNanos = System.nanoTime();
            return row;
        }
    }

    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /**
     * Opens the log of a run that has done {@code doneSteps} steps: a new file with its header at 0, else the
     * existing file without the rows after {@code doneSteps} (written after the checkpoint being resumed).
     */
    public static MetricsLog open(Path file, int doneSteps) {
        try {
            List<String> keep = new ArrayList<>();
            keep.add(HEADER);
            if (doneSteps > 0 && Files.exists(file)) {
                checkHeader(file);
                read(file).stream().filter(r -> r.step() <= doneSteps).map(Row::csv).forEach(keep::add);
            }
            AtomicFiles.write(file, String.join("\n", keep) + "\n");
            return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw UserError.io("open", file, e);
        }
    }

    public void append(Row row) {
        try {
            out.write(row.csv());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    /** The rows of a metrics file. */
    public static List<Row> read(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.skip(1).filter(l -> !l.isBlank()).map(Row::parse).toList();
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        } catch (RuntimeException e) {
            throw new UserError(file + ": not a metrics file of this version (" + e.getMessage() + ")", e);
        }
    }

    private static void checkHeader(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String header = lines.findFirst().orElse("");
            if (!header.equals(HEADER) && !header.equals(HEADER_WITHOUT_RECONSTRUCTION)) {
                throw new UserError(file + ": unexpected header '" + header + "'");
            }
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
