package wuton.modelfile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import wuton.common.UserError;
import wuton.model.Architecture;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.model.ModelSize;
import wuton.model.Stage;

/**
 * What inference reads of a training run folder: the generator's shapes and stage from {@code RUN/config.json},
 * and the generator weights of its newest complete checkpoint. Training writes these files
 * ({@code wuton.train.RunDirectory} and {@code wuton.train.Checkpoints} own the whole layout); the names are
 * declared here so that loading a run needs nothing of training.
 */
public final class RunFolder {
    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String CHECKPOINTS = "checkpoints";
    /** In a checkpoint folder: the generator's parameters and buffers. */
    public static final String GENERATOR = "generator.safetensors";
    /** In a checkpoint folder: the loop's position, written last, so its presence marks a complete checkpoint. */
    public static final String STATE = "state.json";
    /** A checkpoint folder's name while a newer one is swapped in. */
    public static final String OLD_SUFFIX = ".old";
    /** The checkpoint slots inference prefers, best first: the lowest validation loss, then the most recent. */
    public static final List<String> SLOTS_BY_PREFERENCE = List.of("best", "last");

    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private RunFolder() {
    }

    /**
     * The model part of a run's config.json; fields added after the first runs may be missing (those runs
     * used the paper's choices).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigModel(ModelSize model, Integer height, Integer width, Architecture architecture, Composition composition,
                       Stage stage) {
    }

    /** Whether a folder holds a run's config. */
    public static boolean isRun(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG));
    }

    /** The generator shapes a run trains. */
    public static ModelConfig modelConfig(Path run) {
        ConfigModel c = readConfig(run);
        return ModelConfig.of(c.model(), c.architecture() == null ? Architecture.DEFAULT : c.architecture(),
            c.composition() == null ? Composition.DEFAULT : c.composition(), c.height(), c.width());
    }

    /** What a run trains. */
    public static Stage stage(Path run) {
        Stage stage = readConfig(run).stage();
        return stage == null ? Stage.DEFAULT : stage;
    }

    /** The folder of a slot's complete checkpoint ({@code NAME/}, else {@code NAME.old/}), or null when there is none. */
    public static Path completeCheckpoint(Path checkpointsFolder, String slot) {
        for (Path candidate : new Path[] {checkpointsFolder.resolve(slot), checkpointsFolder.resolve(slot + OLD_SUFFIX)}) {
            if (Files.exists(candidate.resolve(STATE))) {
                return candidate;
            }
        }
        return null;
    }

    /** The generator weights a finished or running run gives: its {@code best} checkpoint's, else its {@code last} one's, else null. */
    public static Path latestGenerator(Path run) {
        for (String slot : SLOTS_BY_PREFERENCE) {
            Path found = completeCheckpoint(run.resolve(CHECKPOINTS), slot);
            if (found != null) {
                return found.resolve(GENERATOR);
            }
        }
        return null;
    }

    private static ConfigModel readConfig(Path run) {
        Path file = run.resolve(CONFIG);
        try {
            ConfigModel c = JSON.readValue(file.toFile(), ConfigModel.class);
            if (c == null || c.model() == null || c.height() == null || c.width() == null) {
                throw new UserError(file + ": no model, height and width");
            }
            return c;
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": " + e.getOriginalMessage().lines().findFirst().orElse("not a run config"), e);
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }
}
