package wuton.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.AtomicFiles;
import wuton.common.UserError;
import wuton.data.Batch;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.model.Wuton;
import wuton.modelfile.TrainedModel;
import wuton.nn.SafeTensors;

/**
 * A student's teacher outputs, computed once and kept on disk ({@code wuton train --cache-teacher}). Without
 * it, every student step runs the frozen teacher on (p*_a, c_b); with it, the step reads them back.
 *
 * <p>Each person a gets one garment c_b for the whole run: the people in a seeded shuffle, batch by batch, each
 * given the garment of the one before it in its batch (as {@link Trainer} pairs them; a last batch of one
 * keeps its own garment). The folder holds, per person, {@code PERSON.safetensors} with c_b, the teacher's
 * image on (p*_a, c_b), both (3, H, W), and its TPS parameters theta (2 g^2), all float16; the warp target
 * T_theta(c_b) is recomputed from theta. {@code cache.json}, written last, marks the cache complete and says
 * what it was built from: a cache is used only with the same teacher weights (SHA-256), size, seed and number
 * of samples. An interrupted build continues where it stopped (for the same teacher, size, seed and data,
 * which {@code building.json} records while it runs): entries are written atomically and kept.
 *
 * <p>The trade-off (measured in docs/training.md): no teacher pass in a student step, for disk space
 * (12 x H x W bytes per person) and fewer distinct pairs, one garment per person rather than a new one
 * each epoch.
 */
public final class TeacherCache {
    static final String MANIFEST = "cache.json";
    /** The manifest of a build under way, so that finishing it later checks it is for the same teacher. */
    private static final String BUILDING = "building.json";
    private static final String FORMAT = "wuton-teacher-cache";
    private static final int VERSION = 1;
    private static final String OTHER_CLOTH = "other_cloth";
    private static final String IMAGE = "image";
    private static final String THETA = "theta";
    private static final String ENTRY_EXTENSION = ".safetensors";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Logger LOG = LoggerFactory.getLogger(TeacherCache.class);

    /**
     * What a cache was built from ({@code cache.json}).
     *
     * @param teacherSha256 of the teacher's weights file
     * @param entries the people cached (the readable samples)
     * @param samples the samples of the training data, bad ones included
     */
    record Manifest(String format, int version, String teacherWeights, String teacherSha256, int height, int width,
                    long seed, int samples, int entries) {
    }

    /** Told how far a build has got, in samples. */
    public interface Progress {
        void built(int done, int total);
    }

    /** What a student step needs from its teacher: c_b, and the teacher's output on (p*_a, c_b). */
    public record Targets(Tensor otherCloth, Wuton.Output teacherOutput) {
    }

    private final Path folder;
    private final TrainedModel teacher;
    private final Dataset dataset;
    private final Loader.Options loading;
    /** What this cache must be built from. */
    private final Manifest wanted;

    private TeacherCache(Path folder, TrainedModel teacher, Dataset dataset, Loader.Options loading, Manifest wanted) {
        this.folder = folder;
        this.teacher = teacher;
        this.dataset = dataset;
        this.loading = loading;
        this.wanted = wanted;
    }

    /**
     * The cache in {@code folder} for this teacher and data, checked but not built yet ({@link #build}): the
     * folder may hold nothing, a build under way or a complete cache, all for the same teacher, size, seed and
     * data.
     *
     * @param loading how a build reads the training data: its batch size, shuffle seed and bad-data tolerance
     * @throws UserError when the folder is a file, or holds a cache (complete or under way) for another teacher,
     *     size, seed or data
     */
    public static TeacherCache prepare(Path folder, TrainedModel teacher, Dataset dataset, Loader.Options loading) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError("--cache-teacher " + folder + ": exists and is not a folder");
        }
        Manifest wanted = new Manifest(FORMAT, VERSION, teacher.weights().toAbsolutePath().toString(),
            sha256(teacher.weights()), loading.height(), loading.width(), loading.seed(), dataset.size(), 0);
        TeacherCache cache = new TeacherCache(folder, teacher, dataset, loading, wanted);
        for (String description : List.of(MANIFEST, BUILDING)) {
            Path file = folder.resolve(description);
            if (Files.exists(file)) {
                cache.check(readManifest(file), wanted);
            }
        }
        return cache;
    }

    /** Whether the build is done: {@code cache.json} is there and {@link #build} would write nothing. */
    public boolean complete() {
        return Files.exists(folder.resolve(MANIFEST));
    }

    /**
     * Runs the teacher over the training data and writes the entries not there yet, unless the cache is
     * complete already.
     *
     * @param stopRequested checked between batches; when it turns true the build stops, its entries kept
     * @return whether the cache is complete: false when a stop request ended the build early (a later call
     *     finishes it)
     */
    public boolean build(Device device, Progress progress, BooleanSupplier stopRequested) {
        Path manifest = folder.resolve(MANIFEST);
        if (Files.exists(manifest)) {
            LOG.info("teacher cache: {} ({})", folder, manifest);
            return true;
        }
        Path building = folder.resolve(BUILDING);
        if (!Files.exists(building)) {
            createFolder(folder);
            write(building, wanted);
        }
        int entries = writeEntries(device, progress, stopRequested);
        if (entries < 0) {
            LOG.info("teacher cache: build stopped; {} keeps the entries written so far", folder);
            return false;
        }
        write(manifest, new Manifest(FORMAT, VERSION, wanted.teacherWeights(), wanted.teacherSha256(),
            wanted.height(), wanted.width(), wanted.seed(), wanted.samples(), entries));
        deleteIfThere(building);
        LOG.info("teacher cache: {} people in {}", entries, folder);
        return true;
    }

    /**
     * The teacher's targets for these people, in their order, as float32 on {@code device}; the tensors are the
     * caller's {@link PointerScope}'s.
     *
     * @throws UserError when a person has no entry (the training data changed since the build)
     */
    public Targets targets(List<String> personIds, Device device) {
        List<Tensor> others = new ArrayList<>();
        List<Tensor> images = new ArrayList<>();
        List<Tensor> thetas = new ArrayList<>();
        for (String id : personIds) {
            Path file = entry(id);
            if (!Files.isRegularFile(file)) {
                throw new UserError(folder + ": no teacher output for person " + id + "; the training data changed"
                    + " since this cache was built: delete the folder to rebuild it");
            }
            Map<String, Tensor> entry = SafeTensors.read(file).tensors();
            others.add(entry.get(OTHER_CLOTH));
            images.add(entry.get(IMAGE));
            thetas.add(entry.get(THETA));
        }
        Tensor otherCloth = stacked(others, device);
        Tensor theta = stacked(thetas, device);
        return new Targets(otherCloth, new Wuton.Output(stacked(images, device), theta, teacher.warp(otherCloth, theta)));
    }

    /** Writes the entries not there yet; returns the number of people cached, or -1 when stopped early. */
    private int writeEntries(Device device, Progress progress, BooleanSupplier stopRequested) {
        LOG.info("teacher cache: running the teacher over {} samples into {}", dataset.size(), folder);
        Set<String> seen = new HashSet<>();
        int done = 0;
        try (Loader loader = new Loader(dataset, loading)) {
            while (loader.hasNext()) {
                if (stopRequested.getAsBoolean()) {
                    return -1;
                }
                try (Batch batch = loader.next(); PointerScope scope = new PointerScope()) {
                    for (String id : batch.personIds()) {
                        if (!seen.add(id)) {
                            throw new UserError("the training data has two samples of person " + id
                                + "; --cache-teacher keeps one entry per person");
                        }
                    }
                    if (!batch.personIds().stream().allMatch(id -> Files.isRegularFile(entry(id)))) {
                        writeBatch(batch, device);
                    }
                    done += batch.size();
                    progress.built(done, dataset.size());
                }
            }
        }
        progress.built(dataset.size(), dataset.size());
        return seen.size();
    }

    private void writeBatch(Batch batch, Device device) {
        Tensor cloth = batch.cloth().to(device, ScalarType.Float);
        Tensor otherCloth = torch.roll(cloth, new long[] {1}, 0);
        Wuton.Output output = teacher.forward(batch.agnostic().to(device, ScalarType.Float), otherCloth);
        for (int i = 0; i < batch.size(); i++) {
            SafeTensors.write(entry(batch.personIds().get(i)), Map.of(OTHER_CLOTH, otherCloth.get(i),
                IMAGE, output.image().get(i), THETA, output.theta().get(i)), SafeTensors.DType.F16, Map.of());
        }
    }

    private void check(Manifest found, Manifest wanted) {
        String mismatch = !found.format().equals(FORMAT) || found.version() != VERSION ? "another format"
            : !found.teacherSha256().equals(wanted.teacherSha256()) ? "another teacher (" + found.teacherWeights() + ")"
            : found.height() != wanted.height() || found.width() != wanted.width()
                ? "another size (" + found.height() + "x" + found.width() + ")"
            : found.seed() != wanted.seed() ? "another seed (" + found.seed() + ")"
            : found.samples() != wanted.samples() ? "other data (" + found.samples() + " samples)" : null;
        if (mismatch != null) {
            throw new UserError(folder + ": a teacher cache built for " + mismatch + "; delete it or give"
                + " --cache-teacher another folder");
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw UserError.io("create", folder, e);
        }
    }

    private static void deleteIfThere(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw UserError.io("delete", file, e);
        }
    }

    private Path entry(String personId) {
        return folder.resolve(personId + ENTRY_EXTENSION);
    }

    private static Tensor stacked(List<Tensor> tensors, Device device) {
        return torch.stack(new TensorVector(tensors.toArray(Tensor[]::new))).to(device, ScalarType.Float);
    }

    private static Manifest readManifest(Path file) {
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new UserError(file + ": not a teacher cache description (" + e.getMessage().lines().findFirst()
                .orElse("") + "); delete the folder to rebuild it", e);
        }
    }

    private static void write(Path file, Manifest manifest) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsString(manifest) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
