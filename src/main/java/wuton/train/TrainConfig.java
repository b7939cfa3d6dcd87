package wuton.train;

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
import java.util.Iterator;
import java.util.Map;
import wuton.common.UserError;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;

/**
 * Everything that decides what a training run computes, saved as the run's {@code config.json}. A run is
 * resumed with the config it was started with; only {@code steps} and the intervals may change.
 *
 * @param model network widths (default {@link ModelSize#FULL})
 * @param height image height, a multiple of 16 (default 256)
 * @param width image width, a multiple of 16 (default 192)
 * @param batch samples per step (default 8)
 * @param steps total optimisation steps of the run (default 100000)
 * @param adam Adam settings of both networks (default {@link AdamSettings#GAN})
 * @param weights loss weights of equation 6 and the gradient penalty (default {@link LossWeights#DEFAULTS})
 * @param seed seeds the weight initialisation and the shuffle of each epoch (default 0)
 * @param logEvery steps per metrics.csv row (default 50)
 * @param sampleEvery steps per sample grid (default 500)
 * @param checkpointEvery steps per {@code last} checkpoint (default 1000)
 * @param vggWeights a VGG19 safetensors file for the perceptual loss, or null for the seeded fallback
 * @param stage teacher or student (default {@link Stage#TEACHER}, also for configs written before students)
 * @param architecture layer layout of the generator (default {@link Architecture#PAPER})
 * @param composition how the generator makes its output image (default {@link Composition#NONE}, the paper's)
 * @param teacher the teacher's run folder or model file, for a student (absolute path); null for a teacher
 * @param teacherCache for a student: the folder of its {@link TeacherCache} (absolute path), or null to run the
 *     teacher at every step
 * @param keepArms for a student: its target keeps the person's own arms and hands (their parsing labels) wherever
 *     the new garment would not hide them (default false, the paper's target; see {@link StudentStep})
 * @param lrSchedule how the learning rate changes over the run (default {@link LearningRateSchedule#CONSTANT}, the
 *     paper's, also for configs written before schedules)
 * @param borrowedMask for a teacher: its paired input also hides what the batch's next person's agnostic person
 *     hides (default false, the paper's input; see {@link TeacherStep})
 */
public record TrainConfig(ModelSize model, int height, int width, int batch, int steps, AdamSettings adam,
                          LossWeights weights, long seed, int logEvery, int sampleEvery, int checkpointEvery,
                          String vggWeights, Stage stage, Architecture architecture, Composition composition,
                          String teacher, String teacherCache, Boolean keepArms,
                          LearningRateSchedule lrSchedule, Boolean borrowedMask) {
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
        lrSchedule = lrSchedule == null ? LearningRateSchedule.CONSTANT : lrSchedule;
        borrowedMask = borrowedMask != null && borrowedMask;
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

    public static TrainConfig defaults() {
        return new TrainConfig(ModelSize.FULL, ModelConfig.DEFAULT_HEIGHT, ModelConfig.DEFAULT_WIDTH, 8, 100_000,
            AdamSettings.GAN, LossWeights.DEFAULTS, 0, 50, 500, 1000, null, Stage.TEACHER, Architecture.PAPER, Composition.NONE,
            null, null, false, LearningRateSchedule.CONSTANT, false);
    }

    /** The shapes of the generator this config trains. */
    public ModelConfig modelConfig() {
        return ModelConfig.of(model, architecture, composition, height, width);
    }

    /** This config with another length and other intervals: all that {@code --resume} may change. */
    public TrainConfig withSchedule(int newSteps, int newLogEvery, int newSampleEvery, int newCheckpointEvery) {
        return new TrainConfig(model, height, width, batch, newSteps, adam, weights, seed, newLogEvery, newSampleEvery,
            newCheckpointEvery, vggWeights, stage, architecture, composition, teacher, teacherCache, keepArms, lrSchedule,
            borrowedMask);
    }

    /**
     * The defaults, overridden by the fields of a JSON file (if any), overridden by {@code overrides}
     * (field name to value, as the command line gives them; nested records as maps).
     *
     * @throws UserError when the file cannot be read or names an unknown field or a bad value
     */
    public static TrainConfig resolve(Path fileOrNull, Map<String, Object> overrides) {
        ObjectNode tree = JSON.valueToTree(defaults());
        if (fileOrNull != null) {
            merge(tree, readTree(fileOrNull));
        }
        merge(tree, JSON.valueToTree(overrides));
        try {
            return JSON.treeToValue(tree, TrainConfig.class);
        } catch (JsonProcessingException e) {
            throw ownErrorOr(e, new UserError("config" + (fileOrNull == null ? "" : " " + fileOrNull) + ": " + firstLine(e), e));
        }
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
}
