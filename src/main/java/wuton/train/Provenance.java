package wuton.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import wuton.common.AtomicFiles;
import wuton.common.UserError;

/**
 * {@code provenance.json}: what a run was made from. Written when the run starts; each {@code --resume}
 * appends an entry to {@code resumes}.
 * <pre>
 * {"wutonVersion", "gitCommit" (null when not run from a git checkout; "-dirty" when it had changes),
 *  "startedAt", "data" (absolute path), "world" (a copy of DATA/world.json, null for other datasets),
 *  "seed", "steps", "vggWeights" (the file, or the seeded fallback), "device",
 *  "resumes": [{"at", "step", "steps", "gitCommit"}]}
 * </pre>
 */
public final class Provenance {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long GIT_TIMEOUT_SECONDS = 5;

    private Provenance() {
    }

    /** Writes the provenance of a new run. */
    public static void writeNew(RunDirectory run, TrainConfig config, Path data, String vggWeights, String device,
                                String wutonVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("wutonVersion", wutonVersion);
        root.put("gitCommit", gitCommit());
        root.put("startedAt", Instant.now().toString());
        root.put("data", data.toAbsolutePath().normalize().toString());
        root.set("world", world(data));
        root.put("seed", config.seed());
        root.put("steps", config.steps());
        root.put("vggWeights", vggWeights);
        root.put("device", device);
        root.putArray("resumes");
        write(run.provenance(), root);
    }

    /** Adds a resume entry to an existing run's provenance. */
    public static void recordResume(RunDirectory run, int step, int steps) {
        ObjectNode root;
        try {
            root = (ObjectNode) JSON.readTree(run.provenance().toFile());
        } catch (IOException | ClassCastException e) {
            throw new UserError(run.provenance() + ": cannot read the run's provenance", e);
        }
        JsonNode resumes = root.get("resumes");
        ArrayNode list = resumes instanceof ArrayNode a ? a : root.putArray("resumes");
        ObjectNode entry = list.addObject();
        entry.put("at", Instant.now().toString());
        entry.put("step", step);
        entry.put("steps", steps);
        entry.put("gitCommit", gitCommit());
        write(run.provenance(), root);
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

    /** The commit of the checkout the classes were loaded from, or null (a jar, no git, a timeout). */
    static String gitCommit() {
        try {
            Path code = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            String commit = git(dir, "rev-parse", "HEAD");
            if (commit == null || commit.isEmpty()) {
                return null;
            }
            String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
            return changes == null || changes.isEmpty() ? commit : commit + "-dirty";
        } catch (Exception e) {
            return null;
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return null;
        }
        return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
    }
}
