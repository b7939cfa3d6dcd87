package wuton.train;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.Folders;
import wuton.common.UserError;
import wuton.modelfile.RunFolder;

/**
 * The files of one training run:
 * <pre>
 * RUN/config.json                 the {@link TrainConfig}
 * RUN/provenance.json             where the run came from ({@link Provenance})
 * RUN/metrics.csv                 one row per logging window ({@link MetricsLog})
 * RUN/samples/step-NNNNNNN.png    sample grids ({@link SampleGrid})
 * RUN/loss.svg                    loss curves, written at the end ({@link LossChart})
 * RUN/checkpoints/last/, best/    weights, optimiser states and loop position ({@link Checkpoints})
 * RUN/teacher-cache/              a student's teacher outputs, with --cache-teacher and no folder given
 *                                 ({@link TeacherCache})
 * RUN/.lock                       held by the process that trains in the folder ({@link #lock})
 * </pre>
 * A run counts as started once it has a checkpoint: before that (a run that failed at its start, on too
 * large a batch or bad data) nothing in it is worth keeping, and a new run may replace it.
 */
public final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private static final String LOCK = ".lock";
    private static final String CONFIG = RunFolder.CONFIG;
    private static final String METRICS = "metrics.csv";
    private static final String LOSS_CHART = "loss.svg";
    /** The loss curves of runs written before {@link #LOSS_CHART}: still a run's file, so a new run replaces it. */
    private static final String OLD_LOSS_PLOT = "loss.png";
    /** The entries a run writes, except its teacher cache: what replacing a run deletes. */
    private static final List<String> RUN_FILES = List.of(CONFIG, RunFolder.PROVENANCE, METRICS,
        LOSS_CHART, OLD_LOSS_PLOT, "samples", RunFolder.CHECKPOINTS);
    /** The folder in a run that a student caches its teacher's outputs in when given no other. */
    public static final String TEACHER_CACHE = "teacher-cache";

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path provenance() {
        return root.resolve(RunFolder.PROVENANCE);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path lossChart() {
        return root.resolve(LOSS_CHART);
    }

    public Path sample(int step) {
        return root.resolve("samples").resolve(String.format(Locale.ROOT, "step-%07d.png", step));
    }

    public Path checkpoints() {
        return root.resolve(RunFolder.CHECKPOINTS);
    }

    /** Where {@code --cache-teacher} keeps the teacher's outputs when given no folder. */
    public Path teacherCache() {
        return root.resolve(TEACHER_CACHE);
    }

    /** Whether a run was started here (its config exists). */
    public boolean hasRun() {
        return Files.exists(config());
    }

    /** Whether the run reached a checkpoint ({@code last} or {@code best}): from then on it holds a model. */
    public boolean hasCheckpoint() {
        return RunFolder.latestGenerator(root) != null;
    }

    /**
     * Whether a file name is one a run writes into its folder (temporary files of {@link wuton.common.AtomicFiles}
     * included), so that a folder holding nothing else may take a new run.
     */
    public static boolean isRunEntry(String name) {
        return RUN_FILES.contains(name) || name.equals(TEACHER_CACHE) || name.equals(LOCK)
            || name.startsWith(".") && name.endsWith(".tmp");
    }

    /**
     * Creates the folder for a new run. A run that never reached a checkpoint is replaced; one that did is
     * refused unless {@code replaceStarted}. Replacing deletes the run's files but keeps its teacher cache, which
     * is checked against its teacher before use and costs a pass over the data to build again.
     */
    public void createForNewRun(boolean replaceStarted) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserError(root + ": exists and is not a folder");
        }
        if (hasRun() && hasCheckpoint() && !replaceStarted) {
            throw new UserError(root + ": already holds a training run (use --resume to continue it, --force to"
                + " replace it, or another --out)");
        }
        try {
            if (hasRun() || Files.exists(checkpoints())) {
                LOG.info("{}: replacing the run in it{}", root, hasCheckpoint() ? "" : ", which never reached a checkpoint");
                for (String name : RUN_FILES) {
                    Folders.deleteRecursively(root.resolve(name));
                }
            }
            Files.createDirectories(root.resolve("samples"));
        } catch (IOException e) {
            throw UserError.io("prepare", root, e);
        }
    }

    /**
     * Marks the folder as in use by this process until the lock is closed, creating the folder if needed: a
     * second {@code train} into it (which could replace a run that has not reached its first checkpoint yet, or
     * resume it twice) is refused while this one runs. The operating system releases the lock when the process
     * ends, however it ends.
     *
     * @throws UserError when another process holds it
     */
    public Lock lock() {
        Path file = root.resolve(LOCK);
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new UserError(root + ": another training process is writing into it (wait for it, or choose another --out)");
            }
            return () -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw UserError.io("unlock", file, e);
                }
            };
        } catch (IOException e) {
            throw UserError.io("lock", file, e);
        }
    }

    /** The lock of {@link #lock()}; closing it releases the folder. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
