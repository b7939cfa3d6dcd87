package wuton.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import wuton.common.AtomicFiles;
import wuton.common.Build;
import wuton.common.UserError;
import wuton.model.PerceptualFeatures;

/**
 * {@code provenance.json}: what a run was made from. Written when the run starts; each {@code --resume}
 * appends an entry to {@code resumes}.
 * <pre>
 * {"wutonVersion", "gitCommit" (the commit the build stamped, {@link Build}: "-dirty" when it had changes,
 *  null when built outside a git checkout),
 *  "startedAt", "data" (absolute path), "world" (a copy of DATA/world.json, null for other datasets),
 *  "seed", "steps", "perceptualNetwork" ("vgg19" or "inception"), "perceptualFeatures" (the layers and where their
 *  weights came from), "vggWeights" (the file, or the seeded fallback; null with inception), "device",
 *  "resumes": [{"at", "step", "steps", "gitCommit", "ranks"}], "ranks"}
 * </pre>
 * {@code ranks} is the number of data-parallel processes (1 for a one-process run) of the start, and of each resume.
 */
public final class Provenance {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Provenance() {
    }

    /** Writes the provenance of a new run. */
    public static void writeNew(RunDirectory run, TrainConfig config, Path data, PerceptualFeatures features,
                                String vggWeights, String device, String wutonVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("wutonVersion", wutonVersion);
        root.put("gitCommit", Build.current().commitLabel());
        root.put("startedAt", Instant.now().toString());
        root.put("data", data.toAbsolutePath().normalize().toString());
        root.set("world", world(data));
        root.put("seed", config.seed());
        root.put("steps", config.steps());
        root.put("perceptualNetwork", config.perceptualNetwork().cliName());
        root.put("perceptualFeatures", features.description());
        root.put("vggWeights", vggWeights);
        root.put("device", device);
        root.putArray("resumes");
        write(run.provenance(), root);
    }

    /** Adds a resume entry to an existing run's provenance. */
    public static void recordResume(RunDirectory run, int step, int steps) {
        ObjectNode root = read(run);
        JsonNode resumes = root.get("resumes");
        ArrayNode list = resumes instanceof ArrayNode a ? a : root.putArray("resumes");
        ObjectNode entry = list.addObject();
        entry.put("at", Instant.now().toString());
        entry.put("step", step);
        entry.put("steps", steps);
        entry.put("gitCommit", Build.current().commitLabel());
        write(run.provenance(), root);
    }

    /**
     * Notes the run's number of data-parallel processes: on the latest resume entry when there is one, else on the
     * run itself. A step sees {@code ranks} times the config's batch.
     */
    public static void recordRanks(RunDirectory run, int ranks) {
        ObjectNode root = read(run);
        JsonNode resumes = root.get("resumes");
        ObjectNode target = resumes instanceof ArrayNode list && !list.isEmpty() ? (ObjectNode) list.get(list.size() - 1)
            : root;
        target.put("ranks", ranks);
        write(run.provenance(), root);
    }

    private static ObjectNode read(RunDirectory run) {
        try {
            return (ObjectNode) JSON.readTree(run.provenance().toFile());
        } catch (IOException | ClassCastException e) {
            throw new UserError(run.provenance() + ": cannot read the run's provenance", e);
        }
    }

    private static JsonNode world(Path data) {
        Path file = data.resolve("world.json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }

    private static void write(Path file, JsonNode root) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw UserError.io("write", file, e);
        }
    }
}
