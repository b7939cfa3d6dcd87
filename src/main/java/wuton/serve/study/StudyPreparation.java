package wuton.serve.study;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.data.BadSampleException;
import wuton.data.Dataset;
import wuton.data.Pairing;
import wuton.data.Sample;
import wuton.data.Split;
import wuton.image.ImageFiles;
import wuton.modelfile.ModelFile;

/**
 * Prepares a {@link Study}: draws a seeded random subset of a dataset's unpaired test pairs, renders every model's
 * result for each pair once, and writes the pictures and {@value Study#FILE} into the study folder. A sample that
 * cannot be read is passed over for the next one drawn, so the study still gets its number of pairs.
 *
 * <pre>{@code
 * Study study = StudyPreparation.builder(List.of(modelA, modelB), worldFolder, studyFolder).pairs(200).seed(3)
 *     .build().prepare(done -> {});
 * }</pre>
 */
public final class StudyPreparation {
    /** Pairs drawn unless told otherwise. */
    public static final int DEFAULT_PAIRS = 100;
    /** Seed unless told otherwise. */
    public static final long DEFAULT_SEED = 0;
    /** Pairs per forward pass. */
    private static final int BATCH = 8;

    private final List<Path> models;
    private final Path data;
    private final Path out;
    private final int pairs;
    private final long seed;
    private final int votesPerParticipant;
    private final Device device;
    private int skipped;

    private StudyPreparation(Builder b) {
        this.models = List.copyOf(b.models);
        this.data = b.data;
        this.out = b.out;
        this.pairs = b.pairs;
        this.seed = b.seed;
        this.votesPerParticipant = b.votesPerParticipant == 0 ? Math.min(Study.DEFAULT_VOTES_PER_PARTICIPANT, pairs)
            : b.votesPerParticipant;
        this.device = b.device;
    }

    /**
     * A preparation of a study of {@code models} on the unpaired test split of {@code data}, into {@code out}.
     */
    public static Builder builder(List<Path> models, Path data, Path out) {
        return new Builder(models, data, out);
    }

    /** The settings of a preparation; every one but the three of {@link #builder} has a default. */
    public static final class Builder {
        private final List<Path> models;
        private final Path data;
        private final Path out;
        private int pairs = DEFAULT_PAIRS;
        private long seed = DEFAULT_SEED;
        private int votesPerParticipant;
        private Device device;

        private Builder(List<Path> models, Path data, Path out) {
            this.models = List.copyOf(models);
            this.data = Objects.requireNonNull(data);
            this.out = Objects.requireNonNull(out);
        }

        /** How many pairs the study holds (default {@value #DEFAULT_PAIRS}). */
        public Builder pairs(int pairs) {
            this.pairs = pairs;
            return this;
        }

        /** The seed of the unpaired shuffle and of the choice of pairs (default {@value #DEFAULT_SEED}). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Pairs each participant is shown (default: {@value Study#DEFAULT_VOTES_PER_PARTICIPANT}, or all if fewer). */
        public Builder votesPerParticipant(int votes) {
            this.votesPerParticipant = votes;
            return this;
        }

        /** Where the models run (default: the CPU). */
        public Builder device(Device device) {
            this.device = device;
            return this;
        }

        /**
         * @throws UserError naming the setting that is out of range
         */
        public StudyPreparation build() {
            if (models.size() < 2) {
                throw new UserError("--compare: a study needs at least two models, got " + models.size());
            }
            if (models.size() > 26) {
                throw new UserError("--compare: at most 26 models, got " + models.size());
            }
            if (pairs < 1) {
                throw new UserError("--pairs " + pairs + ": must be at least 1");
            }
            if (votesPerParticipant < 0 || votesPerParticipant > pairs) {
                throw new UserError("--votes " + votesPerParticipant + ": must be 1 to --pairs (" + pairs + ")");
            }
            if (device == null) {
                device = new Device(torch.DeviceType.CPU);
            }
            return new StudyPreparation(this);
        }
    }

    /** The number of pairs the study will hold: the progress's total is this times the models. */
    public int pairs() {
        return pairs;
    }

    /** How many drawn samples could not be read and were replaced by others (after {@link #prepare}). */
    public int skipped() {
        return skipped;
    }

    /**
     * Renders the study into its folder (created if needed) and returns it.
     *
     * @param resultsDone told how many results were just written, after each batch
     * @throws UserError when the data has too few readable test pairs or a model cannot be loaded
     */
    public Study prepare(IntConsumer resultsDone) {
        Dataset dataset = Dataset.open(data, Split.TEST, Pairing.UNPAIRED, seed);
        if (dataset.size() < pairs) {
            throw new UserError("--pairs " + pairs + ": " + data + " has only " + dataset.size() + " unpaired test pairs");
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, dataset.size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        List<TryOn> tryOns = new ArrayList<>();
        try {
            for (Path model : models) {
                tryOns.add(TryOn.load(model, device));
            }
            // only once every model loads, so that a bad --compare leaves no empty folder behind
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw UserError.io("create", out, e);
            }
            List<Study.Model> described = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) {
                described.add(new Study.Model(nameOf(models.get(m)), models.get(m).toAbsolutePath().toString()));
            }
            List<Study.StudyPair> chosen = render(dataset, order, tryOns, resultsDone);
            Study.Description description = Study.Description.of(described, data.toAbsolutePath().toString(), seed,
                votesPerParticipant, chosen);
            Study.write(out, description);
        } finally {
            tryOns.forEach(TryOn::close);
        }
        return Study.read(out);
    }

    /** Reads samples in {@code order} until {@link #pairs} are readable, rendering them batch by batch. */
    private List<Study.StudyPair> render(Dataset dataset, List<Integer> order, List<TryOn> tryOns,
                                         IntConsumer resultsDone) {
        List<Study.StudyPair> chosen = new ArrayList<>();
        List<Sample> batch = new ArrayList<>();
        List<Integer> batchIndices = new ArrayList<>();
        for (int next = 0; chosen.size() < pairs; next++) {
            if (next == order.size()) {
                throw new UserError(data + ": only " + (order.size() - skipped) + " of its unpaired test pairs are"
                    + " readable, fewer than --pairs " + pairs + " (see 'wuton data check')");
            }
            int index = order.get(next);
            try {
                batch.add(dataset.get(index));
                batchIndices.add(index);
            } catch (BadSampleException bad) {
                skipped++;
                continue;
            }
            if (batch.size() == BATCH || chosen.size() + batch.size() == pairs) {
                writeBatch(chosen.size(), batch, tryOns);
                for (int i = 0; i < batch.size(); i++) {
                    chosen.add(new Study.StudyPair(batchIndices.get(i), batch.get(i).personId(), batch.get(i).clothId()));
                }
                resultsDone.accept(batch.size() * tryOns.size());
                batch.clear();
                batchIndices.clear();
            }
        }
        return chosen;
    }

    /** Writes the person, the garment and every model's result of a batch whose first pair is number {@code first}. */
    private void writeBatch(int first, List<Sample> batch, List<TryOn> tryOns) {
        List<TryOn.Request> requests = batch.stream()
            .map(s -> TryOn.Request.withParsing(s.person(), s.parse(), s.pose(), s.cloth())).toList();
        for (int i = 0; i < batch.size(); i++) {
            ImageFiles.writePng(batch.get(i).person(), out.resolve(Study.personImage(first + i)));
            ImageFiles.writePng(batch.get(i).cloth(), out.resolve(Study.clothImage(first + i)));
        }
        for (int m = 0; m < tryOns.size(); m++) {
            List<BufferedImage> results = tryOns.get(m).apply(requests);
            for (int i = 0; i < results.size(); i++) {
                ImageFiles.writePng(results.get(i), out.resolve(Study.resultImage(first + i, m)));
            }
        }
    }

    /** A model's short name, as results show it: its run folder's or model file's name. */
    private static String nameOf(Path model) {
        String name = model.toAbsolutePath().normalize().getFileName().toString();
        return name.endsWith(ModelFile.WEIGHTS_EXTENSION)
            ? name.substring(0, name.length() - ModelFile.WEIGHTS_EXTENSION.length()) : name;
    }
}
