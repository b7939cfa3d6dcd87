package wuton;

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
}
