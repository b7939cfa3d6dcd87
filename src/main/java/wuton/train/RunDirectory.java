package wuton.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import wuton.UserError;

/**
 * The files of one training run:
 * <pre>
 * RUN/config.json                 the {@link TrainConfig}
 * RUN/provenance.json             where the run came from ({@link Provenance})
 * RUN/metrics.csv                 one row per logging window ({@link MetricsLog})
 * RUN/samples/step-NNNNNNN.png    sample grids ({@link SampleGrid})
 * RUN/loss.png                    loss curves, written at the end ({@link LossPlot})
 * RUN/checkpoints/last/, best/    weights, optimiser states and loop position ({@link Checkpoints})
 * RUN/teacher-cache/              a student's teacher outputs, with --cache-teacher and no folder given
 *                                 ({@link TeacherCache})
 * </pre>
 */
public final class RunDirectory {
    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path provenance() {
        return root.resolve("provenance.json");
    }

    public Path metrics() {
        return root.resolve("metrics.csv");
    }

    public Path lossPlot() {
        return root.resolve("loss.png");
    }

    public Path sample(int step) {
        return root.resolve("samples").resolve(String.format(Locale.ROOT, "step-%07d.png", step));
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** Where {@code --cache-teacher} keeps the teacher's outputs when given no folder. */
    public Path teacherCache() {
        return root.resolve("teacher-cache");
    }

    /** Whether a run was started here (its config exists). */
    public boolean hasRun() {
        return Files.exists(config());
    }

    /** Creates the folder for a new run; refuses one that already holds a run. */
    public void createForNewRun() {
        if (hasRun()) {
            throw new UserError(root + ": already holds a training run (use --resume to continue it, or another --out)");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserError(root + ": exists and is not a folder");
        }
        try {
            Files.createDirectories(root.resolve("samples"));
        } catch (IOException e) {
            throw UserError.io("create", root, e);
        }
    }
}
