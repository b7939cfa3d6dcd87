package wuton.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import wuton.common.UserError;

/**
 * The {@code --out} policy of every verb that writes, in one place, so that no verb loses what is already
 * on disk:
 * <ul>
 * <li>An output is never one of the verb's inputs, nor inside an input folder (a dataset, a run): that is
 *     refused even with {@code --force}, since it would destroy what the verb reads.</li>
 * <li>An output file that exists is refused unless {@code --force}.</li>
 * <li>An output folder may be new, empty, or hold only what the verb itself writes there (a previous eval's
 *     report, a catalog's results): the verb then replaces or adds its own files. A folder holding anything
 *     else is refused unless {@code --force}, which writes into it beside the files it holds.</li>
 * </ul>
 * Paths are compared as the file system sees them: real paths where they exist (links resolved), and for a
 * path that does not exist yet the real path of its deepest existing folder with the rest appended.
 */
final class Outputs {
    private Outputs() {
    }

    /** An input of a verb: its option (for the message) and its path, or null when the option was not given. */
    record Input(String option, Path path) {
    }

    /**
     * Refuses an output that is one of the inputs or lies inside one of them.
     *
     * @param option the output's option, for the message ("--out")
     * @throws UserError naming the output and the input it would write over
     */
    static void checkNotAnInput(String option, Path out, Input... inputs) {
        Path target = real(out);
        for (Input input : inputs) {
            if (input.path() == null) {
                continue;
            }
            Path source = real(input.path());
            if (target.equals(source)) {
                throw new UserError(option + " " + out + ": is the " + input.option() + " input; write elsewhere");
            }
            if (target.startsWith(source)) {
                throw new UserError(option + " " + out + ": is inside the " + input.option() + " folder " + input.path()
                    + "; write elsewhere");
            }
        }
    }

    /**
     * Refuses an output file that exists (unless {@code force}) or is a folder.
     *
     * @throws UserError naming the file
     */
    static void checkNewFile(String option, Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + file + ": is a folder, not a file");
        }
        if (Files.exists(file) && !force) {
            throw new UserError(option + " " + file + ": exists (use --force to replace it)");
        }
    }

    /**
     * Checks an output folder: absent, empty, or holding only entries {@code ownEntry} accepts (by file name) are
     * fine; anything else needs {@code force}.
     *
     * @param holds what the verb's own folder holds, for the message ("eval results")
     * @return whether the folder holds something that is not the verb's own, which {@code force} allowed
     * @throws UserError naming the folder
     */
    static boolean checkFolder(String option, Path dir, boolean force, Predicate<String> ownEntry, String holds) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": exists and is not a folder");
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        boolean foreign;
        try (Stream<Path> entries = Files.list(dir)) {
            foreign = entries.map(p -> p.getFileName().toString()).anyMatch(ownEntry.negate());
        } catch (IOException e) {
            throw UserError.io("list", dir, e);
        }
        if (foreign && !force) {
            throw new UserError(option + " " + dir + ": folder holds files other than " + holds
                + " (use --force to write into it anyway, or another " + option + ")");
        }
        return foreign;
    }

    /** Whether a file name is one of the temporary files {@link wuton.common.AtomicFiles} leaves when a process is killed. */
    static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** The path as the file system resolves it: links and {@code ..} resolved as far as it exists. */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
