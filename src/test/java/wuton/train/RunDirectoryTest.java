package wuton.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void theLossChartOfOlderRunsIsStillARunsEntry() {
        assertThat(RunDirectory.isRunEntry("loss.svg")).isTrue();
        assertThat(RunDirectory.isRunEntry("loss.png")).isTrue();
        assertThat(RunDirectory.isRunEntry("notes.txt")).isFalse();
    }

    @Test
    void aNewRunReplacesTheLossChartsOfTheOneBefore() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("run"));
        Files.createDirectories(run.root());
        Files.writeString(run.config(), "{}");
        Files.writeString(run.root().resolve("loss.png"), "old");
        Files.writeString(run.lossChart(), "<svg/>");
        Files.writeString(run.root().resolve("notes.txt"), "mine");

        run.createForNewRun(false);

        assertThat(run.root().resolve("loss.png")).doesNotExist();
        assertThat(run.lossChart()).doesNotExist();
        assertThat(run.config()).doesNotExist();
        assertThat(run.root().resolve("notes.txt")).hasContent("mine");
    }
}
