package wuton.serve.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import wuton.common.AtomicFiles;
import wuton.common.JsonErrors;
import wuton.common.UserError;

/**
 * A prepared A/B study: a folder holding {@value #FILE} (its {@link Description}) and, for every pair, four PNGs
 * named by {@link #personImage}, {@link #clothImage} and {@link #resultImage}: the person, the garment, and each
 * model's result for them. Written by {@link StudyPreparation}, read by {@code serve --study DIR}; the votes go
 * beside them, in {@link VoteStore#FILE}.
 */
public final class Study {
    /** The description's file name inside the study folder. */
    public static final String FILE = "study.json";
    /** The value of {@link Description#format()}. */
    public static final String FORMAT = "wuton-study";
    /** The layout's version. */
    public static final int VERSION = 1;
    /** Pairs shown to each participant unless the study says otherwise: the paper's 100. */
    public static final int DEFAULT_VOTES_PER_PARTICIPANT = 100;

    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    /**
     * What {@value #FILE} holds.
     *
     * @param format              always {@value #FORMAT}, so that another JSON file is not taken for a study
     * @param version             the layout's version, {@value #VERSION}
     * @param models              the compared models, in the order of {@code --compare}; result {@code m} of a pair
     *                            is model {@code m}'s
     * @param data                the dataset the pairs come from (its unpaired test split)
     * @param seed                the seed of the dataset's unpaired shuffle and of the choice of pairs
     * @param votesPerParticipant how many pairs each participant is shown (their own random subset)
     * @param pairs               the pairs, in the order of their images' numbers
     */
    public record Description(String format, int version, List<Model> models, String data, long seed,
                              int votesPerParticipant, List<StudyPair> pairs) {
        /** Checks what a file could hold but a study cannot. */
        public Description {
            if (!FORMAT.equals(format) || version != VERSION) {
                throw new UserError("not a " + FORMAT + " version " + VERSION + " description (format " + format
                    + ", version " + version + ")");
            }
            if (models == null || models.size() < 2) {
                throw new UserError("a study compares at least two models");
            }
            Set<String> names = new HashSet<>();
            for (Model model : models) {
                if (!names.add(model.name())) {
                    throw new UserError("two models are named " + model.name() + ": results could not tell them apart");
                }
            }
            if (pairs == null || pairs.isEmpty()) {
                throw new UserError("a study needs at least one pair");
            }
            if (votesPerParticipant < 1 || votesPerParticipant > pairs.size()) {
                throw new UserError("votesPerParticipant " + votesPerParticipant + ": must be 1 to the " + pairs.size()
                    + " pairs");
            }
            models = List.copyOf(models);
            pairs = List.copyOf(pairs);
        }

        /** A description of the current layout. */
        public static Description of(List<Model> models, String data, long seed, int votesPerParticipant,
                                     List<StudyPair> pairs) {
            return new Description(FORMAT, VERSION, models, data, seed, votesPerParticipant, pairs);
        }
    }

    /**
     * A compared model.
     *
     * @param name   its short name, shown in results (never to participants)
     * @param source the run folder or model file it was loaded from
     */
    public record Model(String name, String source) {
    }

    /**
     * One person with a garment they did not wear.
     *
     * @param sample the sample's index in the dataset's unpaired test split
     * @param person the person image's id
     * @param cloth  the garment image's id
     */
    public record StudyPair(int sample, String person, String cloth) {
    }

    private final Path folder;
    private final Description description;
    private final Set<String> imageNames;

    private Study(Path folder, Description description, Set<String> imageNames) {
        this.folder = folder;
        this.description = description;
        this.imageNames = Set.copyOf(imageNames);
    }

    /** The study folder. */
    public Path folder() {
        return folder;
    }

    public Description description() {
        return description;
    }

    public List<StudyPair> pairs() {
        return description.pairs();
    }

    public int votesPerParticipant() {
        return description.votesPerParticipant();
    }

    public long seed() {
        return description.seed();
    }

    /** The names of the models, in order. */
    public List<String> modelNames() {
        return description.models().stream().map(Model::name).toList();
    }

    /** File name of pair {@code pair}'s person image. */
    public static String personImage(int pair) {
        return imageName(pair, "person");
    }

    /** File name of pair {@code pair}'s garment image. */
    public static String clothImage(int pair) {
        return imageName(pair, "cloth");
    }

    /** File name of model {@code model}'s result for pair {@code pair}: a letter per model, a for the first. */
    public static String resultImage(int pair, int model) {
        return imageName(pair, "result-" + (char) ('a' + model));
    }

    private static String imageName(int pair, String what) {
        return String.format(Locale.ROOT, "pair-%05d-%s.png", pair, what);
    }

    /** Every image file a study of this description holds. */
    static Set<String> imageNames(Description description) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < description.pairs().size(); i++) {
            names.add(personImage(i));
            names.add(clothImage(i));
            for (int m = 0; m < description.models().size(); m++) {
                names.add(resultImage(i, m));
            }
        }
        return names;
    }

    /** Whether this study's folder holds an image of this name (requests name only these). */
    public boolean hasImage(String name) {
        return imageNames.contains(name);
    }

    /** Whether a file name is one that a study folder holds: its description or one of its images. */
    public static boolean isStudyFile(String name) {
        return name.equals(FILE) || name.matches("pair-\\d{5,}-(person|cloth|result-[a-z])\\.png");
    }

    /** Writes {@value #FILE} into {@code folder}, which holds the description's images. */
    static void write(Path folder, Description description) {
        try {
            AtomicFiles.write(folder.resolve(FILE), JSON.writeValueAsString(description) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a study always serializes", e);
        }
    }

    /**
     * Reads the study in {@code folder} and checks that its images are there.
     *
     * @throws UserError naming the folder and what is missing or wrong
     */
    public static Study read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError(folder + ": not a study folder (no " + FILE + "; prepare one with 'wuton study')");
        }
        Description description;
        try {
            description = JSON.readValue(file.toFile(), Description.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof UserError invalid) {
                throw new UserError(file + ": " + invalid.getMessage(), e);
            }
            throw new UserError(file + ": " + JsonErrors.describe(e), e);
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
        Set<String> images = imageNames(description);
        for (String image : images) {
            if (!Files.isRegularFile(folder.resolve(image))) {
                throw new UserError(folder + ": " + image + " is missing (its preparation did not finish?)");
            }
        }
        return new Study(folder, description, images);
    }
}
