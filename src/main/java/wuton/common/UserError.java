package wuton.common;

/**
 * A problem with what the user gave us (an argument, a file, a dataset), as opposed to a bug.
 * The CLI prints its message on one line, without a stack trace, and exits with status 2.
 * Messages name the offending thing: "--size 0x5: height and width must be positive".
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failed file operation, in one line: "cannot write out/x.png: No space left on device". */
    public static UserError io(String action, java.nio.file.Path path, java.io.IOException e) {
        String reason;
        if (e instanceof java.nio.file.NoSuchFileException) {
            reason = "no such file or folder";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new UserError("cannot " + action + " " + path + ": " + reason, e);
    }
}
