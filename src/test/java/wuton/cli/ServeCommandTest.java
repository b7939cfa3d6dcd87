package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.model.Stage;
import wuton.serve.Server;
import wuton.testing.TinyModels;

/** {@code wuton serve}'s options and start-up refusals; the service itself is tested in {@code wuton.serve}. */
class ServeCommandTest {
    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpExplainsEachOptionWithItsDefault() {
        assertThat(run("serve", "--help")).isZero();

        assertThat(out.toString()).contains("--model", "--catalog", "--device", "--max-megapixels",
            "--host", "default: " + Server.DEFAULT_HOST, "--port", "default: " + Server.DEFAULT_PORT,
            "--max-batch", "default: " + Server.DEFAULT_MAX_BATCH, "--max-wait-ms", "default: " + Server.DEFAULT_MAX_WAIT_MS,
            "--queue", "default: " + Server.DEFAULT_QUEUE, "--max-upload-mb", "default: " + Server.DEFAULT_MAX_UPLOAD_MB);
    }

    @Test
    void theReferenceListsEveryOption() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("docs/serving.md"));
        picocli.CommandLine serve = new picocli.CommandLine(new Main()).getSubcommands().get("serve");

        assertThat(serve.getCommandSpec().options()).filteredOn(o -> !o.usageHelp() && !o.versionHelp()
                && !o.longestName().equals("--verbose"))
            .isNotEmpty().allSatisfy(o -> assertThat(doc).contains("| `" + o.longestName()));
    }

    @Test
    void aTeacherModelStopsItInOneLineWithStatus2() {
        Path teacher = TinyModels.write(folder, "teacher", Stage.TEACHER);

        assertThat(run("serve", "--model", teacher.toString(), "--port", "0")).isEqualTo(Main.EXIT_USER_ERROR);

        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("serve: ").contains("teacher model");
    }

    @Test
    void aCatalogueFolderWithoutImagesStopsIt() {
        Path student = TinyModels.write(folder, "student", Stage.STUDENT);

        assertThat(run("serve", "--model", student.toString(), "--port", "0", "--catalog", folder.resolve("none").toString()))
            .isEqualTo(Main.EXIT_USER_ERROR);

        assertThat(err.toString()).contains("--catalog", "not a folder");
    }
}
