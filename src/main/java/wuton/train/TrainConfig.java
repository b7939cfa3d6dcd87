package wuton.train;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import wuton.common.DeclaredSetting;
import wuton.common.Setting;
import wuton.common.UserError;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.PerceptualNetwork;
import wuton.model.Stage;
import wuton.vision.InceptionV3;

/**
 * Everything that decides what a training run computes, saved as the run's {@code config.json}. A run is
 * resumed with the config it was started with; only {@code steps} and the intervals may change.
 *
 * <p>Each field is declared once, in {@link Builder}: the builder's field of the same name holds its default, and
 * its {@link Setting} annotation says what it does. {@link #defaults()}, the command line's help and the config
 * table of docs/training.md all come from those declarations ({@link #declaredSettings()}); the nested groups
 * {@code adam} and {@code weights} declare theirs in {@link AdamSettings.Builder} and {@link LossWeights.Builder}.
 * A field missing from a config written before it existed reads as what such runs did: {@link Stage#DEFAULT},
 * {@link Architecture#DEFAULT}, {@link Composition#DEFAULT}, {@link LearningRateSchedule#DEFAULT}, no kept arms,
 * no borrowed mask and {@link PerceptualNetwork#DEFAULT}.
 */
public record TrainConfig(ModelSize model, int height, int width, int batch, int steps, AdamSettings adam,
                          LossWeights weights, long seed, int logEvery, int sampleEvery, int checkpointEvery,
                          String vggWeights, Stage stage, Architecture architecture, Composition composition,
                          String teacher, String teacherCache, Boolean keepArms,
                          LearningRateSchedule lrSchedule, Boolean borrowedMask,
                          PerceptualNetwork perceptualNetwork) {
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .build();

    public TrainConfig {
        if (model == null || adam == null || weights == null) {
            throw new UserError("config: model, adam and weights must be given");
        }
        stage = stage == null ? Stage.DEFAULT : stage;
        architecture = architecture == null ? Architecture.DEFAULT : architecture;
        composition = composition == null ? Composition.DEFAULT : composition;
        keepArms = keepArms != null && keepArms;
        lrSchedule = lrSchedule == null ? LearningRateSchedule.DEFAULT : lrSchedule;
        borrowedMask = borrowedMask != null && borrowedMask;
        perceptualNetwork = perceptualNetwork == null ? PerceptualNetwork.DEFAULT : perceptualNetwork;
        if (perceptualNetwork == PerceptualNetwork.INCEPTION && vggWeights != null) {
            throw new UserError("config: vggWeights is for the vgg19 perceptual network, not inception; drop"
                + " --vgg-weights or --perceptual-network inception");
        }
        // the Inception layers need a side of at least 48 (a zero weight never runs them)
        if (perceptualNetwork == PerceptualNetwork.INCEPTION && weights.perceptual() != 0
            && Math.min(height, width) < InceptionV3.SMALLEST_INPUT) {
            throw new UserError("config: the inception perceptual network needs a height and width of at least "
                + InceptionV3.SMALLEST_INPUT + ", not " + height + "x" + width);
        }
        if (borrowedMask && stage != Stage.TEACHER) {
            throw new UserError("config: borrowedMask is for a teacher (--borrowed-mask with --stage teacher)");
        }
        if (keepArms && stage != Stage.STUDENT) {
            throw new UserError("config: keepArms is for a student (--keep-arms with --stage student)");
        }
        if (keepArms && teacherCache != null) {
            throw new UserError("config: keepArms needs the garments' masks, which a teacher cache does not keep;"
                + " drop --cache-teacher or --keep-arms");
        }
        if (keepArms && batch < 2) {
            throw new UserError("config: keepArms needs --batch 2 or more (c_b is another sample's garment)");
        }
        if (stage == Stage.STUDENT && teacher == null) {
            throw new UserError("config: a student needs its teacher (--teacher RUN)");
        }
        if (stage == Stage.TEACHER && teacher != null) {
            throw new UserError("config: a teacher has no teacher; remove \"teacher\" or train --stage student");
        }
        if (stage == Stage.TEACHER && teacherCache != null) {
            throw new UserError("config: only a student caches its teacher's outputs (--cache-teacher is for --stage student)");
        }
        ModelConfig.of(model, architecture, height, width); // validates the size
        requirePositive("batch", batch);
        requirePositive("steps", steps);
        requirePositive("logEvery", logEvery);
        requirePositive("sampleEvery", sampleEvery);
        requirePositive("checkpointEvery", checkpointEvery);
    }

    /** The config of a run given no settings at all. */
    public static TrainConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config. */
    public Builder toBuilder() {
        return builder().model(model).height(height).width(width).batch(batch).steps(steps).adam(adam).weights(weights)
            .seed(seed).logEvery(logEvery).sampleEvery(sampleEvery).checkpointEvery(checkpointEvery)
            .vggWeights(vggWeights).stage(stage).architecture(architecture).composition(composition).teacher(teacher)
            .teacherCache(teacherCache).keepArms(keepArms).lrSchedule(lrSchedule).borrowedMask(borrowedMask)
            .perceptualNetwork(perceptualNetwork);
    }

    /**
     * Every setting of a config with its default and description: the top-level fields by their names, those of
     * the nested groups as {@code adam.learningRate} and {@code weights.l1}.
     */
    public static List<DeclaredSetting> declaredSettings() {
        List<DeclaredSetting> all = new ArrayList<>(DeclaredSetting.in("", TrainConfig.class, builder()));
        all.addAll(AdamSettings.declared("adam."));
        all.addAll(LossWeights.declared("weights."));
        return all;
    }

    /** The shapes of the generator this config trains. */
    public ModelConfig modelConfig() {
        return ModelConfig.of(model, architecture, composition, height, width);
    }

    /** This config with the length and intervals of {@code schedule}: all that {@code --resume} may change. */
    public TrainConfig withSchedule(TrainConfig schedule) {
        return toBuilder().steps(schedule.steps).logEvery(schedule.logEvery).sampleEvery(schedule.sampleEvery)
            .checkpointEvery(schedule.checkpointEvery).build();
    }

    /**
     * The defaults, overridden by the fields of a JSON file (if any), overridden by what {@code overrides} sets
     * (the command line's options). The config is checked once, at the end, so that the file may leave out what
     * the options give (a student's teacher, say).
     *
     * @throws UserError when the file cannot be read or names an unknown field or a bad value
     */
    public static TrainConfig resolve(Path fileOrNull, Consumer<Builder> overrides) {
        ObjectNode tree = JSON.valueToTree(defaults());
        String source = "config";
        if (fileOrNull != null) {
            merge(tree, readTree(fileOrNull));
            source += " " + fileOrNull;
        }
        Builder builder;
        try {
            builder = JSON.treeToValue(tree, Builder.class);
        } catch (JsonProcessingException e) {
            throw ownErrorOr(e, new UserError(source + ": " + firstLine(e), e));
        }
        overrides.accept(builder);
        return builder.build();
    }

    /** Reads a config written from {@link #toJson}, with no defaults filled in. */
    public static TrainConfig read(Path file) {
        try {
            JsonNode tree = readTree(file);
            // runs from before the reconstruction term had none: weight 0, the paper's objective
            if (tree.get("weights") instanceof ObjectNode weights && !weights.has("reconstruction")) {
                weights.put("reconstruction", 0.0);
            }
            return JSON.treeToValue(tree, TrainConfig.class);
        } catch (JsonProcessingException e) {
            throw ownErrorOr(e, new UserError(file + ": " + firstLine(e), e));
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readTree(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new UserError(file + ": expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON: " + firstLine(e), e);
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }

    /** Deep merge: objects field by field, anything else replaced. */
    private static void merge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = into.get(field.getKey());
            if (current instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    /** The record's own validation error (already a one-line message) rather than Jackson's wrapping of it. */
    private static UserError ownErrorOr(JsonProcessingException e, UserError otherwise) {
        return e.getCause() instanceof UserError own ? own : otherwise;
    }

    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new UserError("config: " + field + " " + value + ": must be at least 1");
        }
    }

    /**
     * Every field of a config with its default and description (see {@link Setting}); all optional. The
     * {@code adam} and {@code weights} groups declare theirs in their own builders. Jackson fills a builder from
     * the fields of a JSON object, so that a file is read without being checked on its own.
     */
    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
    public static final class Builder {
        @Setting("Network width: full (the paper's, 64 base channels), slim (32), small (16) or tiny (8)")
        private ModelSize model = ModelSize.FULL;
        @Setting("Image height in pixels, a multiple of " + ModelConfig.SIZE_MULTIPLE)
        private int height = ModelConfig.DEFAULT_HEIGHT;
        @Setting("Image width in pixels, a multiple of " + ModelConfig.SIZE_MULTIPLE)
        private int width = ModelConfig.DEFAULT_WIDTH;
        @Setting("Samples per step")
        private int batch = 8;
        @Setting("Total steps of the run, also when resuming")
        private int steps = 100_000;
        private AdamSettings adam = AdamSettings.GAN;
        private LossWeights weights = LossWeights.DEFAULTS;
        @Setting("Seed of the weight initialisation and of each epoch's shuffle")
        private long seed = 0;
        @Setting("Steps per metrics.csv row")
        private int logEvery = 50;
        @Setting("Steps per sample grid")
        private int sampleEvery = 500;
        @Setting("Steps per checkpoint")
        private int checkpointEvery = 1000;
        @Setting("VGG19 features as safetensors (torchvision names) for the perceptual loss, stored as an absolute"
            + " path; if none, seeded random features (logged as a warning)")
        private String vggWeights = null;
        @Setting("What to train: teacher (T-WUTON, on agnostic persons) or, from a trained teacher, student (S-WUTON,"
            + " on unmasked persons)")
        private Stage stage = Stage.DEFAULT;
        @Setting("Generator layout: paper, or fast (real time on a CPU; for students)")
        private Architecture architecture = Architecture.DEFAULT;
        @Setting("How the generator makes its image: none (the paper's: every pixel drawn), person (a predicted mask"
            + " blends the drawn image with the person input, so unchanged pixels are copied) or person-and-garment"
            + " (also with the garment warped by the model's TPS)")
        private Composition composition = Composition.DEFAULT;
        @Setting("For a student: its teacher's run folder or exported model file, trained at the same size, stored"
            + " as an absolute path")
        private String teacher = null;
        @Setting("For a student: the folder that keeps its teacher's outputs, computed once over the data, stored as"
            + " an absolute path; if none, the teacher runs at every step")
        private String teacherCache = null;
        @Setting("For a student: its target keeps the person's own arms and hands (from the training data's parsing)"
            + " wherever the new garment would not hide them (outside the teacher's warped garment, or across the"
            + " torso), instead of the arms the teacher drew without seeing them (not in the paper)")
        private boolean keepArms = false;
        @Setting("Learning rate over the run: constant (the paper's) or cosine (from the configured rate down to "
            + LearningRateSchedule.COSINE_FLOOR + " of it at the last step)")
        private LearningRateSchedule lrSchedule = LearningRateSchedule.DEFAULT;
        @Setting("For a teacher: its paired input also hides what the next person's agnostic person hides, so that it"
            + " learns to paint what an old garment larger than the new one covered (not in the paper)")
        private boolean borrowedMask = false;
        @Setting("Features of the perceptual loss: vgg19 (the paper's; ImageNet weights from vggWeights, else seeded"
            + " random ones) or inception (the shipped ImageNet layers of Inception-v3, at 4 depths from"
            + " Conv2d_2b_3x3 to Mixed_6c; sides of at least " + InceptionV3.SMALLEST_INPUT + ")")
        private PerceptualNetwork perceptualNetwork = PerceptualNetwork.DEFAULT;

        private Builder() {
        }

        public Builder model(ModelSize model) {
            this.model = model;
            return this;
        }

        public Builder height(int height) {
            this.height = height;
            return this;
        }

        public Builder width(int width) {
            this.width = width;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder adam(AdamSettings adam) {
            this.adam = adam;
            return this;
        }

        /** Changes some of the Adam settings: {@code adam(a -> a.learningRate(1e-3))}. */
        public Builder adam(UnaryOperator<AdamSettings.Builder> change) {
            return adam(change.apply(adam.toBuilder()).build());
        }

        public Builder weights(LossWeights weights) {
            this.weights = weights;
            return this;
        }

        /** Changes some of the loss weights: {@code weights(w -> w.adversarial(0))}. */
        public Builder weights(UnaryOperator<LossWeights.Builder> change) {
            return weights(change.apply(weights.toBuilder()).build());
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder logEvery(int logEvery) {
            this.logEvery = logEvery;
            return this;
        }

        public Builder sampleEvery(int sampleEvery) {
            this.sampleEvery = sampleEvery;
            return this;
        }

        public Builder checkpointEvery(int checkpointEvery) {
            this.checkpointEvery = checkpointEvery;
            return this;
        }

        public Builder vggWeights(String vggWeights) {
            this.vggWeights = vggWeights;
            return this;
        }

        public Builder stage(Stage stage) {
            this.stage = stage;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder composition(Composition composition) {
            this.composition = composition;
            return this;
        }

        public Builder teacher(String teacher) {
            this.teacher = teacher;
            return this;
        }

        public Builder teacherCache(String teacherCache) {
            this.teacherCache = teacherCache;
            return this;
        }

        public Builder keepArms(boolean keepArms) {
            this.keepArms = keepArms;
            return this;
        }

        public Builder lrSchedule(LearningRateSchedule lrSchedule) {
            this.lrSchedule = lrSchedule;
            return this;
        }

        public Builder borrowedMask(boolean borrowedMask) {
            this.borrowedMask = borrowedMask;
            return this;
        }

        public Builder perceptualNetwork(PerceptualNetwork perceptualNetwork) {
            this.perceptualNetwork = perceptualNetwork;
            return this;
        }

        /** @throws UserError naming the first setting that is out of range or does not fit the others */
        public TrainConfig build() {
            return new TrainConfig(model, height, width, batch, steps, adam, weights, seed, logEvery, sampleEvery,
                checkpointEvery, vggWeights, stage, architecture, composition, teacher, teacherCache, keepArms,
                lrSchedule, borrowedMask, perceptualNetwork);
        }
    }
}
