package wuton.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildTest {
    private static final String COMMIT = "4289045bc5e77ea364d854d5da220350ce0ec8a5";

    @Test
    void readsTheStampAndLabelsAChangedCheckoutDirty() {
        Build clean = read("git.build.version=0.1.0\ngit.commit.id.full=" + COMMIT + "\ngit.dirty=false\n");
        assertThat(clean.commitLabel()).isEqualTo(COMMIT);
        assertThat(clean.describe()).isEqualTo("wuton 0.1.0 (4289045bc5e7)");

        Build dirty = read("git.build.version=0.1.0\ngit.commit.id.full=" + COMMIT + "\ngit.dirty=true\n");
        assertThat(dirty.commitLabel()).isEqualTo(COMMIT + "-dirty");
        assertThat(dirty.describe()).isEqualTo("wuton 0.1.0 (4289045bc5e7, with uncommitted changes)");
    }

    @Test
    void classesWithoutAStampOrOutsideGitHaveNoCommit() {
        Build none = Build.read(null);
        assertThat(none.commitLabel()).isNull();
        assertThat(none.describe()).isEqualTo("wuton (development build)");

        Build noGit = read("git.build.version=0.1.0\n");
        assertThat(noGit.commitLabel()).isNull();
        assertThat(noGit.describe()).isEqualTo("wuton 0.1.0");
    }

    @Test
    void theMavenBuildOfACheckoutStampsItsCommit() {
        assumeTrue(Files.exists(Path.of(".git")), "built from a git checkout");
        assertThat(Build.current().commit()).matches("[0-9a-f]{40}");
        assertThat(Build.current().version()).isNotBlank();
    }

    private static Build read(String properties) {
        return Build.read(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }
}
