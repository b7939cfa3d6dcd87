package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.image.ImageFiles;
import wuton.testing.HostileImages;
import wuton.testing.TinyModels;

/** {@code wuton eval-photos} on a real photo and a photo without a person, with tiny models that keep or draw. */
class EvalPhotosCommandTest {
    @TempDir
    Path tmp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void scoresEachModelBesideIdentityAndWritesTheReport() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        try (InputStream astronaut = getClass().getResourceAsStream("/wuton/vision/astronaut.png")) {
            Files.copy(astronaut, photos.resolve("astronaut.png"));
        }
        ImageFiles.writePng(HostileImages.noise(64, 48, 1), photos.resolve("noise.png"));
        Path garment = tmp.resolve("shirt.png");
        ImageFiles.writePng(HostileImages.noise(48, 64, 2), garment);
        Path keeping = TinyModels.writeComposing(tmp, "keeping", 40);
        Path drawing = TinyModels.writeComposing(tmp, "drawing", -40);
        Path result = tmp.resolve("eval");

        assertThat(run("eval-photos", "--photos", photos.toString(), "--cloth", garment.toString(),
            "--compare", keeping + "," + drawing, "--out", result.toString())).as(err.toString()).isZero();

        JsonNode metrics = new ObjectMapper().readTree(result.resolve("metrics.json").toFile());
        assertThat(metrics.path("noPersonFound").has("noise")).isTrue();
        assertThat(metrics.path("noPersonFound").has("astronaut")).isFalse();
        // a student keeping the person gives the photo back: it scores as identity does
        for (String model : new String[] {"identity", "keeping"}) {
            assertThat(metrics.path("means").path(model).path("keep").asDouble()).as(model).isEqualTo(1.0);
            assertThat(metrics.path("means").path(model).path("placed").isNull()).as(model).isTrue();
        }
        // one that draws every pixel changes what should be kept
        assertThat(metrics.path("means").path("drawing").path("keep").asDouble()).isLessThan(0.9);
        assertThat(metrics.path("rows")).hasSize(6);
        String report = Files.readString(result.resolve("report.html"));
        assertThat(report).contains("astronaut + shirt", "noise: no person found", "data:image/png;base64,");
        assertThat(out.toString()).contains("identity", "keeping", "drawing", "report.html");
    }

    @Test
    void aMissingPhotoFolderIsOneLineNamingIt() {
        Path missing = tmp.resolve("nowhere");
        assertThat(run("eval-photos", "--photos", missing.toString(), "--cloth", missing.toString(), "--out",
            tmp.resolve("o").toString())).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().strip()).isEqualTo("eval-photos: --photos " + missing + ": not a folder");
    }
}
