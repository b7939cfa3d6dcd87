package wuton.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files through a temporary file beside the target and a rename, so that a reader never sees a
 * half-written file and an interrupted write leaves the previous file intact. Every file wuton writes
 * for the user (configs, checkpoints, pictures, pair lists) goes through here.
 */
public final class AtomicFiles {
    /** Fills the temporary file; it exists and is empty when called. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path file, byte[] bytes) {
        write(file, temporary -> Files.write(temporary, bytes));
    }

    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file with {@code content}, then renames it over {@code file}.
     *
     * @throws UserError naming the file when it cannot be written (a missing folder, no space, no permission)
     */
    public static void write(Path file, Content content) {
        Path target = file.toAbsolutePath();
        // unique per target and thread, so parallel writers never collide; created with the usual permissions
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            try {
                Files.deleteIfExists(temporary);
                Files.createFile(temporary);
                content.writeTo(temporary);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw UserError.io("write", file, e);
        }
    }
}
