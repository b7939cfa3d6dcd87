package wuton.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.common.UserError;
import wuton.serve.study.Study;
import wuton.serve.study.StudyPreparation;
import wuton.serve.study.VoteStore;

/**
 * {@code wuton study}: prepares the paper's A/B user study (section 4.4): a seeded random subset of a dataset's
 * unpaired test pairs, each model's result rendered once, and {@code study.json}; {@code serve --study DIR} then
 * collects the votes. See docs/study.md.
 */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prepares an A/B user study: draws --pairs unpaired test pairs of --data at random (seeded), renders"
        + " each --compare model's result for them once, and writes the pictures and study.json into --out."
        + " Participants then vote with 'wuton serve --study DIR'."},
    footer = {"", "Example:  ./wuton study --compare runs/s1,runs/s2 --data worlds/w1 --pairs 200 --out studies/s1-vs-s2"})
final class StudyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--compare", required = true, split = ",", paramLabel = "A,B",
        description = "The models compared: run folders or model .safetensors files.")
    List<Path> compare;

    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "The dataset or synthetic world (its unpaired test split is used).")
    Path data;

    @Option(names = "--pairs", defaultValue = "" + StudyPreparation.DEFAULT_PAIRS, paramLabel = "N",
        description = "How many test pairs the study holds (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--votes", defaultValue = "0", paramLabel = "N",
        description = "Pairs each participant votes on, their own random subset (default: "
            + Study.DEFAULT_VOTES_PER_PARTICIPANT + ", or all pairs if fewer).")
    int votes;

    @Option(names = "--seed", defaultValue = "" + StudyPreparation.DEFAULT_SEED,
        description = "Seed of the unpaired shuffle and of the choice of pairs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "The study folder: new, empty, or a previous study without votes (replaced); a folder holding"
            + " other files is refused unless --force. Never inside a model or --data.")
    Path out;

    @Option(names = "--force", description = "Write into an --out folder that holds other files.")
    boolean force;

    @Option(names = "--device", defaultValue = DeviceChoice.DEFAULT, converter = DeviceChoice.Converter.class,
        description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    @Override
    public Integer call() {
        checkOut();
        StudyPreparation preparation = StudyPreparation.builder(compare, data, out).pairs(pairs).seed(seed)
            .votesPerParticipant(votes).device(device.open()).build();
        Study study;
        try (LazyBar bar = new LazyBar((long) preparation.pairs() * compare.size())) {
            study = preparation.prepare(bar);
        }
        if (preparation.skipped() > 0) {
            spec.commandLine().getErr().println("study: " + preparation.skipped()
                + " unreadable test samples passed over (see 'wuton data check')");
        }
        spec.commandLine().getOut().println(study.folder().resolve(Study.FILE));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Refuses an --out inside an input, a folder of other files (unless --force), and always a study that has
     * votes: they refer to its pairs, which a new preparation would replace.
     */
    private void checkOut() {
        List<Outputs.Input> inputs = new ArrayList<>(List.of(new Outputs.Input("--data", data)));
        compare.forEach(model -> inputs.add(new Outputs.Input("--compare", model)));
        Outputs.checkNotAnInput("--out", out, inputs.toArray(Outputs.Input[]::new));
        if (Files.exists(out.resolve(VoteStore.FILE))) {
            throw new UserError("--out " + out + ": this study has votes (" + VoteStore.FILE
                + "); prepare the new one in another folder");
        }
        Outputs.checkFolder("--out", out, force, name -> Study.isStudyFile(name) || Outputs.isTemporary(name),
            "a study (" + Study.FILE + " and its pictures)");
    }

    /**
     * The progress bar, drawn at the first result: a missing model or dataset is then reported on a line of its
     * own, not after an empty bar.
     */
    private static final class LazyBar implements IntConsumer, AutoCloseable {
        private final long total;
        private ProgressBar bar;

        LazyBar(long total) {
            this.total = total;
        }

        @Override
        public void accept(int done) {
            if (bar == null) {
                bar = Progress.bar("study", total);
            }
            bar.stepBy(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
