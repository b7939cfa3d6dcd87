package wuton.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.data.LayoutFiles;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;

/**
 * {@code wuton catalog}: every person of a folder in every garment of another (or the pairs a file lists),
 * in batches; for a teacher model, with parsing maps and poses from two more folders. Resumable: outputs already written are skipped. A bad input never stops the run: the pairs
 * it spoils are counted, the reasons listed at the end, and the exit status is then 2.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Dresses every person in every garment (or the listed pairs), writing <person>__<cloth>.png into"
        + " --out. Skips outputs already there, so an interrupted run continues where it stopped. Bad inputs are"
        + " listed at the end (exit status 2) and never stop the others. A teacher model also needs --parse and --pose."},
    footer = {"", "Example:  ./wuton catalog --persons shoot/people --clothes shoot/garments --out shoot/catalog"})
final class CatalogCommand implements Callable<Integer> {
    /** The picture files a folder is read for. */
    /** The photos a folder of people or garments is read for (also by {@code eval-photos}). */
    static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PhotoOptions photoOptions;

    @Option(names = "--persons", required = true, paramLabel = "DIR", description = "Folder of person photos.")
    Path persons;

    @Option(names = "--clothes", required = true, paramLabel = "DIR", description = "Folder of garment photos.")
    Path clothes;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Folder to write the results into: new, or one holding only <person>__<cloth>.png results (those"
            + " already there are kept); a folder holding other files is refused unless --force. Never an input folder.")
    Path out;

    @Option(names = "--force", description = "Write into an --out folder that holds other files.")
    boolean force;

    @Option(names = "--pairs", defaultValue = "all", paramLabel = "all|FILE",
        description = "all (every person with every garment, the default) or a file of 'person cloth' file names, one"
            + " pair a line, as VITON-HD's test_pairs.txt.")
    String pairs;

    @Option(names = "--batch", defaultValue = ModelOptions.INFERENCE_BATCH, paramLabel = "N", description = "Pairs per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--parse", paramLabel = "DIR",
        description = "Teacher models only: the persons' parsing maps, <person>.png (LIP label ids), as VITON-HD's image-parse-v3.")
    Path parseDir;

    @Option(names = "--pose", paramLabel = "DIR",
        description = "Teacher models only: the persons' OpenPose JSON, <person>_keypoints.json, as VITON-HD's openpose_json.")
    Path poseDir;

    /** One result to make: the inputs and where it goes. */
    private record Job(Path person, Path cloth, Path output) {
    }

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new UserError("--batch " + batch + ": must be at least 1");
        }
        ImageLimits limits = photoOptions.limits();
        checkFolder("--persons", persons);
        checkFolder("--clothes", clothes);
        checkOut();
        List<Job> jobs = jobs();
        Map<String, Integer> failures = new LinkedHashMap<>();
        int attempted;
        try (TryOn tryOn = modelOptions.open()) {
            tryOn.setImageLimits(limits);
            if (!tryOn.needsParsing()) {
                TryOnCommand.warnIgnored(spec, tryOn, parseDir, poseDir);
            }
            Inputs inputs = new Inputs(tryOn, tryOn.needsParsing() ? annotations(tryOn) : null);
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw UserError.io("create", out, e);
            }
            List<Job> todo = jobs.stream().filter(j -> !isWritten(j.output())).toList();
            attempted = todo.size();
            try (ProgressBar bar = Progress.bar("catalog", jobs.size(), jobs.size() - todo.size())) {
                for (int from = 0; from < todo.size(); from += batch) {
                    runBatch(tryOn, todo.subList(from, Math.min(todo.size(), from + batch)), inputs, failures, bar);
                }
            }
        }
        return report(jobs.size(), attempted, failures);
    }

    /**
     * Refuses an --out that is an input or inside one, or a folder holding other files than results (unless
     * --force); a folder of results is this catalog's, to resume.
     */
    private void checkOut() {
        Path pairsFile = pairs.equals("all") ? null : Path.of(pairs);
        Outputs.checkNotAnInput("--out", out, new Outputs.Input("--persons", persons), new Outputs.Input("--clothes", clothes),
            new Outputs.Input("--parse", parseDir), new Outputs.Input("--pose", poseDir),
            new Outputs.Input("--pairs", pairsFile), new Outputs.Input("--model", modelOptions.model));
        Outputs.checkFolder("--out", out, force, name -> isResultName(name) || Outputs.isTemporary(name),
            "catalog results (<person>__<cloth>.png)");
    }

    /** A name {@link #job} gives a result. */
    private static boolean isResultName(String name) {
        return name.endsWith(".png") && name.contains("__");
    }

    /**
     * Whether a result is already there: a file with content. An empty one (a copy that failed, a disk that was
     * full) is made again.
     */
    private static boolean isWritten(Path output) {
        try {
            return Files.isRegularFile(output) && Files.size(output) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where a teacher finds each person's parsing and pose; both folders are required. */
    private Annotations annotations(TryOn tryOn) {
        if (parseDir == null || poseDir == null) {
            throw new UserError(tryOn.describe() + " is a teacher model: give the folders of the persons' parsing maps"
                + " (--parse) and poses (--pose), or use a student model, which needs neither");
        }
        checkFolder("--parse", parseDir);
        checkFolder("--pose", poseDir);
        return new Annotations(parseDir, poseDir);
    }

    /** Reads a batch's inputs (a bad one is recorded and its pair left out), runs it and writes the results. */
    private static void runBatch(TryOn tryOn, List<Job> jobs, Inputs inputs, Map<String, Integer> failures,
                                 ProgressBar bar) {
        inputs.decode(jobs.stream().flatMap(j -> Stream.of(j.person(), j.cloth())).distinct().toList());
        List<Job> ready = new ArrayList<>(jobs.size());
        List<TryOn.Request> requests = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            try {
                requests.add(inputs.request(job.person(), job.cloth()));
                ready.add(job);
            } catch (UserError bad) {
                failures.merge(bad.getMessage(), 1, Integer::sum);
                bar.step();
            }
        }
        List<BufferedImage> results = tryOn.apply(requests);
        // encoding dominates for large photos: one PNG per core
        IntStream.range(0, results.size()).parallel().forEach(i -> ImageFiles.write(results.get(i), ready.get(i).output()));
        bar.stepBy(results.size());
        inputs.forgetImages();
    }

    /** Prints what was done on stdout and the failures on stderr; the exit status. */
    private int report(int total, int attempted, Map<String, Integer> failures) {
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d written, %d already there, %d failed%n",
            out.toAbsolutePath(), attempted - failed, total - attempted, failed);
        if (failed == 0) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("catalog: " + failed + " of " + total + " results not written, because of these inputs:");
        failures.forEach((reason, pairs) -> err.println("  " + reason + " (" + pairs + (pairs == 1 ? " pair)" : " pairs)")));
        return Main.EXIT_USER_ERROR;
    }

    /** Every (person, garment) pair, person after person, or the pairs of the --pairs file, in its order. */
    private List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        if (pairs.equals("all")) {
            List<Path> clothFiles = images(clothes);
            for (Path person : images(persons)) {
                clothFiles.forEach(cloth -> jobs.add(job(person, cloth)));
            }
        } else {
            Path file = Path.of(pairs);
            if (!Files.isRegularFile(file)) {
                throw new UserError("--pairs " + pairs + ": neither 'all' nor a file");
            }
            LayoutFiles.readPairs(file).forEach(p -> jobs.add(job(persons.resolve(p.person()), clothes.resolve(p.cloth()))));
        }
        if (jobs.isEmpty()) {
            throw new UserError("no pairs: " + (pairs.equals("all") ? "--persons and --clothes need images ("
                + String.join(", ", IMAGE_EXTENSIONS) + ")" : pairs + " lists none"));
        }
        Map<Path, Job> byOutput = new LinkedHashMap<>();
        for (Job job : jobs) {
            Job other = byOutput.putIfAbsent(job.output(), job);
            if (other != null && !other.equals(job)) {
                // a.jpg and a.png: one output name for two inputs
                throw new UserError(job.output().getFileName() + " would be written for both " + other.person() + " + "
                    + other.cloth() + " and " + job.person() + " + " + job.cloth() + ": rename one of them");
            }
        }
        return List.copyOf(byOutput.values()); // a pair listed twice is made once
    }

    private Job job(Path person, Path cloth) {
        return new Job(person, cloth, out.resolve(stem(person) + "__" + stem(cloth) + ".png"));
    }

    private static String stem(Path file) {
        return LayoutFiles.stem(file.getFileName().toString());
    }

    /** The pictures of a folder, by name. */
    private static List<Path> images(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return !name.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
            }).sorted().toList();
        } catch (IOException e) {
            throw UserError.io("list", dir, e);
        }
    }

    private static void checkFolder(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": no such folder");
        }
    }

    /** The folders of a teacher's parsing maps and poses, with VITON-HD's file names. */
    private record Annotations(Path parseDir, Path poseDir) {
        Path parse(Path person) {
            return parseDir.resolve(stem(person) + ".png");
        }

        Path pose(Path person) {
            return poseDir.resolve(stem(person) + "_keypoints.json");
        }
    }

    /**
     * Reads the inputs of requests: each batch's pictures are decoded once (a person meets many garments),
     * several at a time, and a bad picture only once per run, failing again with its first error. Parsing
     * and pose only for a teacher.
     */
    private static final class Inputs {
        private final TryOn tryOn;
        private final Annotations annotations;
        private final Map<Path, BufferedImage> images = new ConcurrentHashMap<>();
        private final Map<Path, UserError> bad = new ConcurrentHashMap<>();

        /**
         * @param tryOn reads the photos, within its limits
         * @param annotations where a teacher's parsing and pose are; null for a student
         */
        Inputs(TryOn tryOn, Annotations annotations) {
            this.tryOn = tryOn;
            this.annotations = annotations;
        }

        /** Decodes these pictures, in parallel, unless known to be bad. */
        void decode(List<Path> files) {
            files.parallelStream().filter(f -> !bad.containsKey(f)).forEach(f -> {
                try {
                    images.put(f, tryOn.read(f));
                } catch (UserError e) {
                    bad.put(f, e);
                }
            });
        }

        /** @throws UserError the first error of a bad input */
        TryOn.Request request(Path person, Path cloth) {
            BufferedImage personImage = decoded(person);
            BufferedImage clothImage = decoded(cloth);
            return annotations == null ? TryOn.Request.of(personImage, clothImage)
                : TryOnCommand.withParsingFiles(personImage, annotations.parse(person), annotations.pose(person), clothImage);
        }

        private BufferedImage decoded(Path file) {
            UserError known = bad.get(file);
            if (known != null) {
                throw known;
            }
            return images.get(file);
        }

        /** Lets the batch's pictures be collected. */
        void forgetImages() {
            images.clear();
        }
    }
}
