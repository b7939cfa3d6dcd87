package wuton.data;

import java.nio.file.Path;
import wuton.common.UserError;

/** One sample that cannot be read; the message names the file and the problem on one line. */
public final class BadSampleException extends UserError {
    private final Problem problem;
    private final Path file;

    public BadSampleException(Problem problem, Path file, String detail) {
        super(file + ": " + problem.description + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.problem = problem;
        this.file = file;
    }

    public Problem problem() {
        return problem;
    }

    public Path file() {
        return file;
    }
}
