package wuton.modelfile;

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
import java.util.Map;
import wuton.common.AtomicFiles;
import wuton.common.JsonErrors;
import wuton.common.UserError;
import wuton.model.ModelConfig;
import wuton.model.Stage;
import wuton.nn.SafeTensors;

/**
 * A trained generator outside its run folder: {@code NAME.safetensors} (the generator's parameters and
 * buffers, under the same names as in a checkpoint) and {@code NAME.json} beside it, this record:
 * <pre>
 * {"format": "wuton-model", "version": 1, "stage": "STUDENT",
 *  "model": {"size": "TINY", "height": 256, "width": 192, "tpsGridSize": 5, "unetDepth": 5, "architecture": "FAST"},
 *  "dtype": "F16", "source": {the run's provenance, config and the checkpoint step}}
 * </pre>
 * PyTorch users read the weights with {@code safetensors.torch.load_file}; the JSON says how to build the
 * network they belong to (docs/model.md lists the layers).
 *
 * @param format always {@link #FORMAT}
 * @param version of this layout, {@link #VERSION}
 * @param stage what the generator takes as its person input
 * @param model the shapes of the generator
 * @param dtype the element type of the weights file
 * @param source where the weights came from (free-form; not read back)
 */
public record ModelFile(String format, int version, Stage stage, ModelConfig model, String dtype, JsonNode source) {
    public static final String FORMAT = "wuton-model";
    public static final int VERSION = 1;
    public static final String WEIGHTS_EXTENSION = ".safetensors";
    public static final String DESCRIPTION_EXTENSION = ".json";
    /**
     * A description is a few KB (its source holds a run's config and provenance); a larger file is damaged or not
     * one, and is refused before it is parsed into memory.
     */
    public static final long MAX_DESCRIPTION_BYTES = 16L << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    /** The description beside a weights file: {@code x.safetensors} to {@code x.json}. */
    public static Path descriptionOf(Path weights) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(WEIGHTS_EXTENSION) ? name.substring(0, name.length() - WEIGHTS_EXTENSION.length()) : name;
        return weights.resolveSibling(stem + DESCRIPTION_EXTENSION);
    }

    /** Reads the description beside {@code weights}; a missing or foreign file is a {@link UserError}. */
    public static ModelFile readFor(Path weights) {
        Path file = descriptionOf(weights);
        if (!Files.isRegularFile(file)) {
            throw new UserError(weights + ": no model description " + file.getFileName() + " beside it");
        }
        ModelFile description;
        try {
            if (Files.size(file) > MAX_DESCRIPTION_BYTES) {
                throw new UserError(file + ": not a wuton model description (" + Files.size(file) + " bytes, a description"
                    + " has at most " + MAX_DESCRIPTION_BYTES + ")");
            }
            description = JSON.readValue(file.toFile(), ModelFile.class);
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not a wuton model description: " + JsonErrors.describe(e), e);
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
        if (!FORMAT.equals(description.format()) || description.stage() == null || description.model() == null) {
            throw new UserError(file + ": not a wuton model description (format, stage and model are required)");
        }
        if (description.version() > VERSION) {
            throw new UserError(file + ": model format version " + description.version() + " is newer than this wuton ("
                + VERSION + "); upgrade wuton");
        }
        return description;
    }


    /** Writes this description beside {@code weights} (atomically). */
    public void writeFor(Path weights) {
        try {
            AtomicFiles.write(descriptionOf(weights), JSON.writeValueAsString(this) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a run's generator as {@code weights} (in {@code dtype}) with its description beside it; the
     * description's source holds the run folder, its config, its provenance and the checkpoint's state.
     */
    public static ModelFile export(TrainedModel model, Path weights, SafeTensors.DType dtype) {
        ObjectNode source = JSON.createObjectNode();
        source.put("from", model.source().toAbsolutePath().normalize().toString());
        if (Files.isDirectory(model.source())) {
            source.set("config", readTreeOrNull(model.source().resolve(RunFolder.CONFIG)));
            source.set("provenance", readTreeOrNull(model.source().resolve(RunFolder.PROVENANCE)));
            source.set("checkpoint", readTreeOrNull(model.weights().resolveSibling(RunFolder.STATE)));
        }
        SafeTensors.save(model.generator(), weights, dtype, Map.of("format", FORMAT, "stage", model.stage().cliName()));
        ModelFile description = new ModelFile(FORMAT, VERSION, model.stage(), model.config(), dtype.name(), source);
        description.writeFor(weights);
        return description;
    }

    /** A JSON file as a tree, or null when it does not exist. */
    private static JsonNode readTreeOrNull(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }
}
