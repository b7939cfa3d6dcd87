package wuton.serve.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import wuton.cli.Main;
import wuton.model.Stage;
import wuton.testing.TinyModels;

/** A tiny synthetic world, two tiny students, and a study of them prepared with the command line. */
public final class StudyFixture {
    /** Pairs in the study, and votes asked of each participant. */
    public static final int PAIRS = 6;
    public static final int VOTES = 4;

    private StudyFixture() {
    }

    /** Writes the world and the models under {@code dir} and prepares the study in {@code dir/study}. */
    public static Path prepare(Path dir) {
        Path world = dir.resolve("world");
        assertThat(Main.run("synth", "--out", world.toString(), "--count", "32", "--size", "64x48", "--seed", "5",
            "--test-fraction", "0.25")).isZero();
        Path alpha = TinyModels.write(dir, "alpha", Stage.STUDENT);
        Path beta = TinyModels.write(dir, "beta", Stage.STUDENT);
        Path study = dir.resolve("study");
        assertThat(Main.run("study", "--compare", alpha + "," + beta, "--data", world.toString(), "--pairs", "" + PAIRS,
            "--votes", "" + VOTES, "--seed", "3", "--out", study.toString())).isZero();
        return study;
    }
}
