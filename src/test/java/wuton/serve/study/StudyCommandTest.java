package wuton.serve.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.cli.Main;

class StudyCommandTest {
    @TempDir
    static Path dir;
    private static Path folder;

    @BeforeAll
    static void prepare() {
        folder = StudyFixture.prepare(dir);
    }

    @Test
    void aStudyHoldsItsPairsPicturesAndDescription() throws Exception {
        Study study = Study.read(folder);
        assertThat(study.modelNames()).containsExactly("alpha", "beta");
        assertThat(study.seed()).isEqualTo(3);
        assertThat(study.votesPerParticipant()).isEqualTo(StudyFixture.VOTES);
        assertThat(study.description().data()).isEqualTo(dir.resolve("world").toAbsolutePath().toString());
        List<Study.StudyPair> pairs = study.pairs();
        assertThat(pairs).hasSize(StudyFixture.PAIRS);
        Set<Integer> samples = new HashSet<>();
        pairs.forEach(p -> samples.add(p.sample()));
        assertThat(samples).hasSize(StudyFixture.PAIRS);
        // unpaired: each person with a garment that is not their own
        assertThat(pairs).allSatisfy(p -> assertThat(p.cloth()).isNotEqualTo(p.person()));
        for (int i = 0; i < pairs.size(); i++) {
            assertThat(ImageIO.read(folder.resolve(Study.personImage(i)).toFile()).getWidth()).isEqualTo(48);
            assertThat(ImageIO.read(folder.resolve(Study.resultImage(i, 0)).toFile())).isNotNull();
            assertThat(ImageIO.read(folder.resolve(Study.resultImage(i, 1)).toFile())).isNotNull();
        }
    }

    @Test
    void theSameSeedDrawsTheSamePairsAndAnotherSeedOthers() {
        Path again = dir.resolve("again");
        Path other = dir.resolve("other");
        String models = dir.resolve("alpha.safetensors") + "," + dir.resolve("beta.safetensors");
        assertThat(Main.run("study", "--compare", models, "--data", dir.resolve("world").toString(), "--pairs", "6",
            "--seed", "3", "--out", again.toString())).isZero();
        assertThat(Main.run("study", "--compare", models, "--data", dir.resolve("world").toString(), "--pairs", "6",
            "--seed", "4", "--out", other.toString())).isZero();
        assertThat(Study.read(again).pairs()).isEqualTo(Study.read(folder).pairs());
        assertThat(Study.read(other).pairs()).isNotEqualTo(Study.read(folder).pairs());
    }

    @Test
    void refusesAFolderOfOtherFilesUnlessForcedAndAStudyWithVotesAlways() throws Exception {
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        String models = dir.resolve("alpha.safetensors") + "," + dir.resolve("beta.safetensors");
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "study", "--compare",
            models, "--data", dir.resolve("world").toString(), "--pairs", "2", "--out", foreign.toString());
        assertThat(status).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("--out " + foreign).contains("--force");

        Path voted = dir.resolve("voted");
        assertThat(Main.run("study", "--compare", models, "--data", dir.resolve("world").toString(), "--pairs", "2",
            "--out", voted.toString())).isZero();
        VoteStore.open(voted).close();
        err = new StringWriter();
        status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "study", "--compare",
            models, "--data", dir.resolve("world").toString(), "--pairs", "2", "--force", "--out", voted.toString());
        assertThat(status).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("has votes");
    }

    @Test
    void tooManyPairsIsOneLineNamingTheOption() {
        StringWriter err = new StringWriter();
        String models = dir.resolve("alpha.safetensors") + "," + dir.resolve("beta.safetensors");
        int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "study", "--compare",
            models, "--data", dir.resolve("world").toString(), "--pairs", "500", "--out", dir.resolve("big").toString());
        assertThat(status).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).startsWith("study: --pairs 500:").doesNotContain("\n");
    }
}
