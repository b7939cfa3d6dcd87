package wuton.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import wuton.common.AtomicFiles;
import wuton.common.Folders;
import wuton.common.UserError;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Letterbox;
import wuton.image.PhotoFolder;
import wuton.image.Photos;
import wuton.image.Plane;
import wuton.image.Rgb;

/**
 * Turns a folder of person photos and a folder of garment photos into a dataset in the VITON-HD layout, with
 * h(p) ({@link PhotoAnalysis}) standing in for the human parser and pose estimator that such datasets are made
 * with: {@code openpose_json} from the pose estimator, {@code image-parse-v3} from {@link ApproximateParsing}
 * (its few labels stand for more than their names), {@code cloth-mask} from {@link GarmentMask}.
 *
 * <p>Pairs: a person photo and a garment photo of the same file stem are a pair, the person wearing that
 * garment; paired people are training data (a seeded {@code testFraction} of them goes to the test split).
 * People without their own garment can only be tried on: they go to the test split, each with another garment,
 * for {@code eval}, {@code tryon} and {@code study}. The test split holds the garments of its paired people,
 * and every garment when it also has unpaired people.
 *
 * <p>Every photo is fitted whole into the frame ({@link Letterbox}: people with their edge continued, garments
 * on white), so that the dataset has one size; h(p) runs on the person photo as it is, and its keypoints and
 * parsing are fitted with it. Each file is written atomically and a person counts as done
 * when its three files are there, so a run stopped part way continues where it stopped; {@value #SETTINGS}
 * records the settings, and a folder prepared with others is refused. A photo that cannot be read, or in which
 * no person is found, is left out with its reason (see {@link Report#leftOut()}), and the rest goes on.
 */
public final class DatasetPreparation {
    /** The settings file at the dataset's root: what it was prepared from, to resume only the same run. */
    public static final String SETTINGS = "prepare.json";
    /** The photo extensions read, in the order a stem's files are looked for. */
    static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to prepare. Build with {@link #builder}.
     *
     * @param persons      folder of person photos
     * @param clothes      folder of garment photos; a person's own garment has the person's file stem
     * @param out          the dataset's root
     * @param height       frame height of every written image
     * @param width        frame width
     * @param testFraction share of the paired people in the test split
     * @param seed         seed of the test split's draw and of the unpaired garments' order
     */
    public record Settings(Path persons, Path clothes, Path out, int height, int width, double testFraction,
                           long seed) {
        public static final int DEFAULT_HEIGHT = 1024, DEFAULT_WIDTH = 768;
        public static final double DEFAULT_TEST_FRACTION = 0.1;
        public static final long DEFAULT_SEED = 0;

        /** The required folders, every other setting at its default until set. */
        public static Builder builder(Path persons, Path clothes, Path out) {
            return new Builder(persons, clothes, out);
        }

        /** The settings file's content: all but {@code out}, which is where the file is. */
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("persons", persons.toAbsolutePath().normalize().toString());
            map.put("clothes", clothes.toAbsolutePath().normalize().toString());
            map.put("height", height);
            map.put("width", width);
            map.put("test_fraction", testFraction);
            map.put("seed", seed);
            return map;
        }

        /** {@link Settings} with required folders and optional rest. */
        public static final class Builder {
            private final Path persons, clothes, out;
            private int height = DEFAULT_HEIGHT, width = DEFAULT_WIDTH;
            private double testFraction = DEFAULT_TEST_FRACTION;
            private long seed = DEFAULT_SEED;

            private Builder(Path persons, Path clothes, Path out) {
                this.persons = persons;
                this.clothes = clothes;
                this.out = out;
            }

            public Builder size(int height, int width) {
                this.height = height;
                this.width = width;
                return this;
            }

            public Builder testFraction(double testFraction) {
                this.testFraction = testFraction;
                return this;
            }

            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            /**
             * Checks the settings.
             *
             * @throws UserError naming the option that is out of range
             */
            public Settings build() {
                if (height < 1 || width < 1) {
                    throw new UserError("--size " + height + "x" + width + ": height and width must be positive");
                }
                if (!(testFraction >= 0 && testFraction <= 1)) {
                    throw new UserError("--test-fraction " + testFraction + ": must be between 0 and 1");
                }
                return new Settings(persons, clothes, out, height, width, testFraction, seed);
            }
        }
    }

    /** A photo left out, and why. */
    public record Problem(Path file, String reason) {
        /** The reason, led by the file unless the reason names it already. */
        @Override
        public String toString() {
            return reason.contains(file.toString()) ? reason : file + ": " + reason;
        }
    }

    /**
     * What a run did.
     *
     * @param people     people in the dataset (prepared now or before)
     * @param garments   garments written or found, over both splits
     * @param trainPairs lines of {@code train_pairs.txt}
     * @param testPairs  lines of {@code test_pairs.txt}
     * @param resumed    photos already prepared by an earlier run, not done again
     * @param leftOut    the photos left out, with their reasons
     */
    public record Report(int people, int garments, int trainPairs, int testPairs, int resumed, List<Problem> leftOut) {
    }

    private final Settings settings;
    private final ImageLimits limits;
    /** The current run's photos already prepared before it, and those it left out. */
    private int resumed;
    private final List<Problem> leftOut = new ArrayList<>();

    /** A preparation reading photos within these limits. Not thread-safe: one {@link #run} at a time. */
    public DatasetPreparation(Settings settings, ImageLimits limits) {
        this.settings = settings;
        this.limits = limits;
    }

    /**
     * The photos of both folders, for a progress bar's total.
     *
     * @throws UserError naming the option when a folder is missing, holds no photo, or two photos share a stem
     */
    public int photoCount() {
        return photos(settings.persons(), "--persons").size() + photos(settings.clothes(), "--clothes").size();
    }

    /**
     * Prepares the dataset (or the rest of it).
     *
     * @param analysis h(p) of a person photo (e.g. {@link PhotoAnalysis#analyse}); a {@link UserError} from it
     *                 leaves that photo out with the error's message
     * @param step     called once per photo done, prepared or left out
     * @throws UserError when a folder is missing or holds no photo, or {@code out} holds something else
     */
    public Report run(Function<BufferedImage, PhotoAnalysis.Result> analysis, Runnable step) {
        Map<String, Path> persons = photos(settings.persons(), "--persons");
        Map<String, Path> clothes = photos(settings.clothes(), "--clothes");
        checkOut();
        resumed = 0;
        leftOut.clear();

        // the splits, from the listing alone, so that a resumed run draws the same ones
        List<String> paired = persons.keySet().stream().filter(clothes::containsKey).sorted().toList();
        List<String> shuffled = new ArrayList<>(paired);
        Collections.shuffle(shuffled, new Random(settings.seed()));
        int testCount = (int) Math.round(settings.testFraction() * paired.size());
        Set<String> testPaired = new TreeSet<>(shuffled.subList(0, testCount));
        Set<String> train = new TreeSet<>(shuffled.subList(testCount, shuffled.size()));
        Set<String> testPeople = new TreeSet<>(persons.keySet());
        testPeople.removeAll(train);
        boolean unpairedPeople = testPeople.size() > testPaired.size();
        Set<String> testGarments = unpairedPeople ? new TreeSet<>(clothes.keySet()) : testPaired;

        // garments first: a person's pairs need to know which garments could be read
        Set<String> goodGarments = new TreeSet<>();
        for (Map.Entry<String, Path> garment : clothes.entrySet()) {
            String stem = garment.getKey();
            List<Split> splits = new ArrayList<>();
            if (train.contains(stem)) {
                splits.add(Split.TRAIN);
            }
            if (testGarments.contains(stem)) {
                splits.add(Split.TEST);
            }
            if (splits.isEmpty()) {
                leftOut.add(new Problem(garment.getValue(), "no person photo of this stem, and no test people to try it on"));
            } else if (garment(stem, garment.getValue(), splits)) {
                goodGarments.add(stem);
            }
            step.run();
        }

        Set<String> goodPeople = new TreeSet<>();
        for (Map.Entry<String, Path> person : persons.entrySet()) {
            String stem = person.getKey();
            Split split = train.contains(stem) ? Split.TRAIN : Split.TEST;
            if (person(stem, person.getValue(), split, analysis)) {
                goodPeople.add(stem);
            }
            step.run();
        }

        List<String> trainLines = new ArrayList<>();
        for (String stem : train) {
            if (goodPeople.contains(stem) && goodGarments.contains(stem)) {
                trainLines.add(stem + ".jpg " + stem + ".jpg");
            }
        }
        List<String> testLines = testPairs(testPeople, goodPeople, goodGarments, testGarments);
        writePairs(Split.TRAIN, trainLines);
        writePairs(Split.TEST, testLines);
        return new Report(goodPeople.size(), goodGarments.size(), trainLines.size(), testLines.size(), resumed,
            List.copyOf(leftOut));
    }

    /**
     * Each test person with another garment than their own: the test garments in a seeded order, taken in turn,
     * so that every garment is tried on about as often.
     */
    private List<String> testPairs(Set<String> people, Set<String> goodPeople, Set<String> goodGarments,
                                   Set<String> testGarments) {
        List<String> garments = new ArrayList<>(testGarments);
        garments.retainAll(goodGarments);
        Collections.shuffle(garments, new Random(settings.seed() + 1));
        List<String> lines = new ArrayList<>();
        int next = 0;
        for (String person : people) {
            if (!goodPeople.contains(person) || garments.isEmpty()) {
                continue;
            }
            String garment = garments.get(next++ % garments.size());
            if (garment.equals(person) && garments.size() > 1) {
                garment = garments.get(next++ % garments.size());
            }
            lines.add(person + ".jpg " + garment + ".jpg");
        }
        return lines;
    }

    /** Writes a garment into each split; false (and a problem) when its photo cannot be read. */
    private boolean garment(String stem, Path photo, List<Split> splits) {
        List<Split> missing = splits.stream().filter(s -> !Files.isRegularFile(cloth(s, stem))
            || !Files.isRegularFile(folder(s, "cloth-mask").resolve(stem + ".png"))).toList();
        if (missing.isEmpty()) {
            resumed++;
            return true;
        }
        BufferedImage fitted;
        try {
            BufferedImage garment = Rgb.of(Photos.read(photo, limits));
            fitted = Letterbox.of(garment, settings.width(), settings.height()).fit(garment, Letterbox.Padding.WHITE);
        } catch (UserError e) {
            leftOut.add(new Problem(photo, e.getMessage()));
            return false;
        }
        Plane mask = GarmentMask.of(fitted);
        byte[] maskPng = ImageFiles.grayPng(scaled(mask), mask.width(), mask.height());
        for (Split s : missing) {
            // the mask before the photo: a garment counts as there once its photo is
            AtomicFiles.write(folder(s, "cloth-mask").resolve(stem + ".png"), maskPng);
            ImageFiles.write(fitted, cloth(s, stem));
        }
        return true;
    }

    /** Writes a person's photo, pose and parsing; false (and a problem) when it cannot be read or h(p) fails. */
    private boolean person(String stem, Path photo, Split split, Function<BufferedImage, PhotoAnalysis.Result> analysis) {
        Path image = folder(split, "image").resolve(stem + ".jpg");
        Path parse = folder(split, "image-parse-v3").resolve(stem + ".png");
        Path pose = folder(split, "openpose_json").resolve(stem + "_keypoints.json");
        if (Files.isRegularFile(image) && Files.isRegularFile(parse) && Files.isRegularFile(pose)) {
            resumed++;
            return true;
        }
        BufferedImage person;
        PhotoAnalysis.Result found;
        try {
            person = Rgb.of(Photos.read(photo, limits));
            // h(p) on the photo itself: the models should see the person, not the frame's padding
            found = analysis.apply(person);
        } catch (UserError e) {
            leftOut.add(new Problem(photo, e.getMessage()));
            return false;
        }
        Letterbox box = Letterbox.of(person, settings.width(), settings.height());
        Plane fittedParse = box.fit(found.parse());
        AtomicFiles.write(pose, OpenPoseJson.write(box.fit(found.pose())));
        AtomicFiles.write(parse, ImageFiles.labelPng(fittedParse.values(), fittedParse.width(), fittedParse.height()));
        // last: the person counts as prepared once all three are there
        ImageFiles.write(box.fit(person, Letterbox.Padding.EDGE), image);
        return true;
    }

    /** A 0/1 mask as 0/255, as VITON-HD's {@code cloth-mask} files are. */
    private static byte[] scaled(Plane mask) {
        byte[] out = new byte[mask.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (mask.values()[i] != 0 ? 255 : 0);
        }
        return out;
    }

    private Path cloth(Split split, String stem) {
        return folder(split, "cloth").resolve(stem + ".jpg");
    }

    private Path folder(Split split, String name) {
        Path dir = settings.out().resolve(split.folder()).resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw UserError.io("create", dir, e);
        }
    }

    private void writePairs(Split split, List<String> lines) {
        AtomicFiles.write(settings.out().resolve(split.folder() + "_pairs.txt"),
            lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    /**
     * Makes {@code out}, or checks that it was prepared with the same settings, and writes the settings file.
     *
     * @throws UserError when {@code out} holds anything but a dataset prepared with these settings
     */
    private void checkOut() {
        Path out = settings.out();
        Path file = out.resolve(SETTINGS);
        Map<String, Object> wanted = settings.toMap();
        try {
            if (Files.isDirectory(out) && !Folders.isEmpty(out)) {
                if (!Files.isRegularFile(file)) {
                    throw new UserError("--out " + out + ": not empty and not a dataset made by prepare (no " + SETTINGS
                        + "); give an empty or new folder");
                }
                Map<?, ?> earlier = JSON.readValue(file.toFile(), Map.class);
                for (Map.Entry<String, Object> e : wanted.entrySet()) {
                    Object before = earlier.get(e.getKey());
                    if (before == null || !before.toString().equals(e.getValue().toString())) {
                        throw new UserError("--out " + out + " was prepared with " + e.getKey() + " " + before + ", not "
                            + e.getValue() + "; give the same settings to continue it, or a new folder");
                    }
                }
                return;
            }
            Files.createDirectories(out);
            AtomicFiles.write(file, JSON.writeValueAsString(wanted) + "\n");
        } catch (IOException e) {
            throw UserError.io("read", file, e);
        }
    }

    /** The photos of a folder by stem, sorted ({@link PhotoFolder#byStem}). */
    static Map<String, Path> photos(Path dir, String option) {
        return PhotoFolder.byStem(dir, option, EXTENSIONS, "JPEG, PNG or BMP photos");
    }
}
