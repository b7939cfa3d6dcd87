package wuton.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import wuton.common.UserError;

/** What the dataset layouts share: pair files, file names whose extension varies, unpaired shuffles. */
public final class LayoutFiles {
    /** Image extensions tried, in order, when a listed name is not there as written. */
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".png", ".jpeg");
    private static final Pattern COLUMNS = Pattern.compile("\\s+");

    private LayoutFiles() {
    }

    /** The name without its extension: {@code 00000_00.jpg} gives {@code 00000_00}. */
    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * The image {@code name} (a stem, or a stem with any extension) in {@code dir}: as written when it
     * exists, else with the first of .jpg, .png, .jpeg that exists, else as written (the reader then
     * reports it missing).
     */
    static Path image(Path dir, String name) {
        Path asWritten = dir.resolve(name);
        if (Files.isRegularFile(asWritten)) {
            return asWritten;
        }
        for (String ext : IMAGE_EXTENSIONS) {
            Path candidate = dir.resolve(stem(name) + ext);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return asWritten;
    }

    /** The first of the folders that exists (layouts differ in spelling), else the first. */
    static Path folder(Path parent, List<String> names) {
        for (String name : names) {
            if (Files.isDirectory(parent.resolve(name))) {
                return parent.resolve(name);
            }
        }
        return parent.resolve(names.get(0));
    }

    /**
     * The pairs of a whitespace-separated pair file, one "person cloth [more columns]" per line.
     *
     * @throws UserError when the file is missing or a line has fewer than two columns
     */
    public static List<Pair> readPairs(Path file) {
        List<Pair> pairs = new ArrayList<>();
        int lineNumber = 0;
        for (String line : lines(file)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] columns = COLUMNS.split(line.strip());
            if (columns.length < 2) {
                throw new UserError(file + ":" + lineNumber + ": expected \"person cloth\", got \"" + line + "\"");
            }
            pairs.add(new Pair(columns[0], columns[1]));
        }
        return pairs;
    }

    static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": missing file (the layout lists its samples there)");
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pairs for one pairing mode, from the pairs of a pair file. Paired: each listed person with its
     * own garment. Unpaired: the listed pairs when they are unpaired, else a seeded shuffle: the persons
     * in a random order, each given the garment of the next (no one keeps their own garment when all
     * garments differ).
     *
     * @param ownCloth the garment a person wears, from the person's file name
     */
    static List<Pair> choose(List<Pair> listed, Pairing pairing, UnaryOperator<String> ownCloth, long seed) {
        List<Pair> own = listed.stream().map(p -> new Pair(p.person(), ownCloth.apply(p.person()))).toList();
        if (pairing == Pairing.PAIRED) {
            return own;
        }
        if (!own.equals(listed)) {
            return listed;
        }
        List<Pair> shuffled = new ArrayList<>(own);
        Collections.shuffle(shuffled, new Random(seed));
        List<Pair> out = new ArrayList<>(shuffled.size());
        for (int i = 0; i < shuffled.size(); i++) {
            out.add(new Pair(shuffled.get(i).person(), shuffled.get((i + 1) % shuffled.size()).cloth()));
        }
        return out;
    }
}
