package wuton.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import wuton.common.UserError;

/**
 * The photos of one folder (not its subfolders), each known by its file stem ({@code shirt.jpg} is
 * {@code shirt}): how the verbs that take a folder of the user's photos ({@code prepare}, the service's
 * catalogue) list it.
 */
public final class PhotoFolder {
    private PhotoFolder() {
    }

    /**
     * The files of {@code dir} with one of these extensions (any case), by stem, sorted by stem.
     *
     * @param option     the option that named the folder, for messages ("--catalog")
     * @param extensions the accepted extensions with their dot, lower case (".jpg")
     * @param what       what the photos are, for the message of an empty folder ("garment images")
     * @throws UserError naming the option and folder when it is missing, holds no such file, or two files share a
     *     stem
     */
    public static Map<String, Path> byStem(Path dir, String option, List<String> extensions, String what) {
        if (!Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": not a folder");
        }
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.sorted().toList()) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot <= 0 || !Files.isRegularFile(file) || !extensions.contains(name.substring(dot).toLowerCase(Locale.ROOT))) {
                    continue;
                }
                Path other = found.putIfAbsent(name.substring(0, dot), file);
                if (other != null) {
                    throw new UserError(option + " " + dir + ": " + other.getFileName() + " and " + name
                        + " have the same name but for the extension; rename one");
                }
            }
        } catch (IOException e) {
            throw UserError.io("list", dir, e);
        }
        if (found.isEmpty()) {
            throw new UserError(option + " " + dir + ": no " + what + " in it");
        }
        return found;
    }
}
