package wuton.serve.study;

import io.javalin.Javalin;
import java.nio.file.Path;

/**
 * A study server in its own JVM, for {@link KillTest}: serves the study folder of its first argument on a free port,
 * prints "port N" once it listens, and runs until killed.
 */
public final class StudyServer {
    private StudyServer() {
    }

    public static void main(String[] args) {
        Javalin app = Javalin.create();
        StudyRoutes.register(app, Study.read(Path.of(args[0])), "kill-test-token");
        app.start("127.0.0.1", 0);
        System.out.println("port " + app.port());
        System.out.flush();
    }
}
