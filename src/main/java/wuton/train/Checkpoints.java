package wuton.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import wuton.common.AtomicFiles;
import wuton.common.Folders;
import wuton.common.UserError;
import wuton.model.Discriminator;
import wuton.model.Wuton;
import wuton.modelfile.RunFolder;
import wuton.nn.SafeTensors;

/**
 * Saves and restores the teacher's training state in {@code RUN/checkpoints/<slot>/}:
 * <pre>
 * generator.safetensors          Wuton named_parameters + named_buffers, F32
 * discriminator.safetensors      Discriminator named_parameters, F32
 * generator-adam.pt              libtorch OutputArchive of the generator's Adam (moments, step counts)
 * discriminator-adam.pt          the same for the discriminator
 * state.json                     {@link TrainingState}
 * </pre>
 * A slot is written whole into {@code <slot>.partial/} and then swapped in by renames, so a crash leaves
 * either the old or the new checkpoint, never a mix of steps; {@code <slot>.old/} is the old one during the
 * swap, and is read if the crash came between the two renames.
 */
public final class Checkpoints {
    /** The two checkpoints a run keeps. */
    public enum Slot {
        /** The most recent one: what {@code --resume} continues from. */
        LAST,
        /** The one with the lowest paired L1 + warp loss over a logging window. */
        BEST;

        /** Its folder's name, one of {@link RunFolder#SLOTS_BY_PREFERENCE}. */
        public String folder() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String GENERATOR = RunFolder.GENERATOR;
    public static final String DISCRIMINATOR = "discriminator.safetensors";
    public static final String GENERATOR_ADAM = "generator-adam.pt";
    public static final String DISCRIMINATOR_ADAM = "discriminator-adam.pt";
    public static final String STATE = RunFolder.STATE;
    private static final String PARTIAL = ".partial";
    private static final String OLD = RunFolder.OLD_SUFFIX;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    private final Wuton generator;
    private final Discriminator discriminator;
    private final Adam generatorAdam;
    private final Adam discriminatorAdam;
    private final Device device;

    public Checkpoints(Path folder, Wuton generator, Discriminator discriminator, Adam generatorAdam,
                       Adam discriminatorAdam, Device device) {
        this.folder = folder;
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorAdam = generatorAdam;
        this.discriminatorAdam = discriminatorAdam;
        this.device = device;
    }

    /** The folder of a slot's complete checkpoint, or null when there is none. */
    public Path find(Slot slot) {
        return RunFolder.completeCheckpoint(folder, slot.folder());
    }

    /** Writes the models, the optimisers and {@code state} into {@code slot}, replacing what was there. */
    public void save(Slot slot, TrainingState state) {
        Path target = folder.resolve(slot.folder());
        Path partial = folder.resolve(slot.folder() + PARTIAL);
        Path old = folder.resolve(slot.folder() + OLD);
        try {
            Folders.deleteRecursively(partial);
            Files.createDirectories(partial);
            Map<String, String> metadata = Map.of("step", Integer.toString(state.step()));
            SafeTensors.save(generator, partial.resolve(GENERATOR), SafeTensors.DType.F32, metadata);
            SafeTensors.save(discriminator, partial.resolve(DISCRIMINATOR), SafeTensors.DType.F32, metadata);
            saveAdam(generatorAdam, partial.resolve(GENERATOR_ADAM));
            saveAdam(discriminatorAdam, partial.resolve(DISCRIMINATOR_ADAM));
            AtomicFiles.write(partial.resolve(STATE), JSON.writeValueAsString(state));
            Folders.deleteRecursively(old);
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Folders.deleteRecursively(old);
        } catch (IOException e) {
            throw UserError.io("write checkpoint", target, e);
        }
    }

    /** Restores the models and optimisers from {@code slot} and returns the saved loop position. */
    public TrainingState load(Slot slot) {
        Path from = find(slot);
        if (from == null) {
            throw new UserError(folder + ": no " + slot.folder() + " checkpoint to resume from");
        }
        SafeTensors.load(generator, from.resolve(GENERATOR));
        SafeTensors.load(discriminator, from.resolve(DISCRIMINATOR));
        loadAdam(generatorAdam, from.resolve(GENERATOR_ADAM));
        loadAdam(discriminatorAdam, from.resolve(DISCRIMINATOR_ADAM));
        try {
            return JSON.readValue(from.resolve(STATE).toFile(), TrainingState.class);
        } catch (IOException e) {
            throw UserError.io("read", from.resolve(STATE), e);
        }
    }

    /** libtorch keeps Adam's per-parameter state in C++ only: its own archive format is the way out. */
    private static void saveAdam(Adam adam, Path file) {
        AtomicFiles.write(file, temporary -> {
            OutputArchive archive = new OutputArchive();
            adam.save(archive);
            archive.save_to(temporary.toString());
            archive.close();
        });
    }

    private void loadAdam(Adam adam, Path file) {
        if (!Files.exists(file)) {
            throw new UserError(file + ": missing optimiser state");
        }
        InputArchive archive = new InputArchive();
        try {
            archive.load_from(file.toString(), new DeviceOptional(device));
            adam.load(archive);
        } catch (RuntimeException e) {
            throw new UserError(file + ": cannot read optimiser state: " + e.getMessage().lines().findFirst().orElse(""), e);
        } finally {
            archive.close();
        }
    }

}
