package wuton.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.AtomicFiles;
import wuton.common.Folders;
import wuton.common.UserError;
import wuton.model.ModelConfig;
import wuton.modelfile.ModelFile;
import wuton.synth.WorldConfig;

/**
 * {@code wuton demo}: the whole system on a small synthetic world, as a sequence of the verbs a user would
 * type (each is printed before it runs): synth, then (with {@code --train}) train a teacher and a student,
 * then eval, whose report.html is what to open. The eval compares the identity baseline, the teacher (the
 * shipped one where it exists, or the trained one; also on degraded parsing) and the student.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Shows what wuton does, on a small synthetic world.",
        "%nGenerates a world, tries the shipped student (and the shipped teacher, where there is one, also on"
            + " degraded parsing maps) on its test people with garments they never wore, measures the results against"
            + " the world's ground truth beside the person returned unchanged, and writes report.html."
            + " With --train it first trains"
            + " a tiny teacher and a tiny student from scratch (a few minutes on a laptop CPU). Prints each"
            + " command it runs, so you can run them yourself.%n"})
final class DemoCommand implements Callable<Integer> {
    /** The size --train works at: small enough for a CPU, large enough to see the garments. */
    private static final String TRAIN_SIZE = "128x96";
    /** No VGG19 passes (the dearest part of a CPU step) and a faster learning rate for a short run. */
    private static final String CPU_TRAIN_CONFIG = "{\"weights\": {\"perceptual\": 0}, \"adam\": {\"learningRate\": 0.0002}}\n";
    private static final String DEMO_MARKER = "world/world.json";
    /** The shipped teacher's file name, beside the shipped student. */
    static final String SHIPPED_TEACHER = "wuton-teacher.safetensors";
    /** The folder of the shipped ablation students, beside the shipped student (see docs/results.md). */
    static final String ABLATIONS = "ablations";

    /** The share of the demo world's people kept for the test: the pairs the report shows. */
    private static final double TEST_FRACTION = 0.25;
    /** People in the world of a demo that trains (unless --count says otherwise): enough for its tiny models. */
    private static final int TRAIN_COUNT = 600;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "wuton-demo", paramLabel = "DIR",
        description = "Folder for the demo's files; a previous demo there is replaced (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--count", defaultValue = "160", paramLabel = "N",
        description = "People in the world, " + (int) (TEST_FRACTION * 100) + "%% of them for the test (default:"
            + " ${DEFAULT-VALUE}; " + TRAIN_COUNT + " with --train).")
    Integer count;

    @Option(names = "--seed", paramLabel = "S",
        description = "Seed of the world (default: synth's, " + WorldConfig.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--accessories", paramLabel = "F",
        description = "Probability of each accessory in the world (default: synth's, "
            + WorldConfig.DEFAULT_ACCESSORY_FRACTION + ").")
    Double accessories;

    @Option(names = "--ablations",
        description = "Also compare the shipped ablation students (models/" + ABLATIONS + "/*.safetensors): the"
            + " paper's results as numbers, see docs/results.md.")
    boolean ablations;

    @Option(names = "--train", description = "Train a tiny teacher and student from scratch first, and compare both.")
    boolean train;

    @Option(names = "--steps", defaultValue = "400", paramLabel = "N",
        description = "Training steps of each stage with --train (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--model", paramLabel = "MODEL",
        description = "The student to show (default: the shipped " + TryOn.DEFAULT_MODEL + ").")
    Path model;

    @Option(names = "--teacher", paramLabel = "MODEL",
        description = "The teacher to show beside it (default: the shipped models/" + SHIPPED_TEACHER + ", where there"
            + " is one). Not with --train, which trains its own.")
    Path teacher;

    @Override
    public Integer call() {
        if (steps < 1 || count < 8) {
            throw new UserError("--steps must be at least 1 and --count at least 8");
        }
        if (train && ablations) {
            throw new UserError("--ablations: not with --train, which trains one student");
        }
        prepareOut();
        Path world = out.resolve("world");
        List<Path> models = new ArrayList<>();
        String size = TRAIN_SIZE;
        if (train && teacher != null) {
            throw new UserError("--teacher: not with --train, which trains its own teacher");
        }
        boolean withTeacher = train;
        if (!train) {
            Path student = model != null ? model : TryOn.defaultModel();
            if (!Files.isRegularFile(student)) {
                throw new UserError("no model at " + student + " (give --model FILE, or run ./wuton demo --train)");
            }
            ModelConfig config = ModelFile.readFor(student).model();
            size = config.height() + "x" + config.width();
            Path shippedTeacher = TryOn.defaultModel().resolveSibling(SHIPPED_TEACHER);
            if (teacher != null && !Files.isRegularFile(teacher)) {
                throw new UserError("--teacher " + teacher + ": no such file");
            }
            Path shownTeacher = teacher != null ? teacher : Files.isRegularFile(shippedTeacher) ? shippedTeacher : null;
            if (shownTeacher != null) {
                models.add(shownTeacher);
                withTeacher = true;
            }
            models.add(student);
            if (ablations) {
                models.addAll(ablationModels(TryOn.defaultModel().resolveSibling(ABLATIONS)));
            }
        }
        int people = train && spec.commandLine().getParseResult().matchedOption("--count") == null ? TRAIN_COUNT : count;
        // the degraded maps cost about a tenth of the world's drawing time; they let a teacher show what parser
        // mistakes do to it
        List<String> synth = new ArrayList<>(List.of("synth", "--out", world.toString(), "--count",
            Integer.toString(people), "--size", size, "--test-fraction", Double.toString(TEST_FRACTION), "--parse-noise", "--force", "--sheet",
            out.resolve("world.png").toString()));
        if (seed != null) {
            synth.addAll(List.of("--seed", Long.toString(seed)));
        }
        if (accessories != null) {
            synth.addAll(List.of("--accessories", Double.toString(accessories)));
        }
        // the shipped models learned from the studio look: the demo scores them on the kind of world they know
        // (on the photographic one they lose to identity: docs/results.md)
        synth.addAll(List.of("--look", "studio"));
        verb(synth.toArray(String[]::new));
        if (train) {
            Path config = out.resolve("cpu-train.json");
            AtomicFiles.write(config, CPU_TRAIN_CONFIG);
            Path teacher = out.resolve("teacher");
            Path student = out.resolve("student");
            // the shipped models' recipe (models/MODEL_CARD.md), smaller and shorter
            verb("train", "--stage", "teacher", "--data", world.toString(), "--out", teacher.toString(), "--model", "tiny",
                "--size", size, "--steps", Integer.toString(steps), "--batch", "4", "--config", config.toString(),
                "--compose", "person-and-garment");
            verb("train", "--stage", "student", "--teacher", teacher.toString(), "--data", world.toString(), "--out",
                student.toString(), "--model", "tiny", "--arch", "fast", "--size", size, "--steps", Integer.toString(steps),
                "--batch", "4", "--config", config.toString(), "--compose", "person-and-garment", "--keep-arms");
            models.add(teacher);
            models.add(student);
        }
        List<String> eval = new ArrayList<>(List.of("eval", "--compare", String.join(",", models.stream().map(Path::toString).toList()),
            "--data", world.toString(), "--mode", "unpaired", "--out", out.resolve("eval").toString()));
        if (withTeacher) {
            eval.add("--degraded-parsing");
        }
        verb(eval.toArray(String[]::new));
        stdout().println();
        stdout().println("Open the report:        " + out.resolve("eval").resolve("report.html").toAbsolutePath());
        stdout().println("  a table of SSIM, PSNR and L1 against the truth (the person really wearing the garment), per region,");
        stdout().println("  beside identity (the person returned unchanged: the score to beat),");
        stdout().println("  and examples: person, garment, each model's result, truth");
        stdout().println("The world's contact sheet: " + out.resolve("world.png").toAbsolutePath());
        stdout().flush();
        return 0;
    }

    /** The ablation models of a folder, by name; the folder must hold at least one. */
    private static List<Path> ablationModels(Path folder) {
        try (var files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (found.isEmpty()) {
                throw new UserError("--ablations: no .safetensors model in " + folder);
            }
            return found;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("--ablations: no folder " + folder);
        } catch (IOException e) {
            throw UserError.io("list", folder, e);
        }
    }

    /** Runs one verb as the command line would, after printing it; a failure stops the demo with its status. */
    private void verb(String... args) {
        stdout().println("$ ./wuton " + String.join(" ", args));
        stdout().flush();
        PrintWriter err = spec.commandLine().getErr();
        int status = Main.run(stdout(), err, args);
        if (status != 0) {
            throw new DemoStepFailed(args[0], status);
        }
    }

    /** The demo folder: new, empty, or a previous demo (whose files are replaced). */
    private void prepareOut() {
        try {
            if (Files.exists(out) && !Folders.isEmpty(out)) {
                if (!Files.exists(out.resolve(DEMO_MARKER))) {
                    throw new UserError(out + ": folder exists and is not a wuton demo (choose another --out)");
                }
                for (String previous : List.of("teacher", "student", "eval")) {
                    Folders.deleteRecursively(out.resolve(previous));
                }
            }
            Files.createDirectories(out);
        } catch (IOException e) {
            throw UserError.io("prepare", out, e);
        }
    }

    private PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /** A verb of the demo failed; it has printed why. */
    static final class DemoStepFailed extends UserError {
        DemoStepFailed(String verb, int status) {
            super("the " + verb + " step failed (status " + status + "); see its message above");
        }
    }
}
