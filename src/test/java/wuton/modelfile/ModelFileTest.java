package wuton.modelfile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.common.UserError;

/** The model description's errors are about the file, in one line, without the JSON parser's Java types. */
class ModelFileTest {
    private static final String GOOD_MODEL = "\"model\": {\"size\": \"TINY\", \"height\": 64, \"width\": 48, \"tpsGridSize\": 5,"
        + " \"unetDepth\": 5}";

    @TempDir
    Path dir;

    /** Writes {@code m.json} with this text beside a weights file; the weights file. */
    private Path describedAs(String json) throws IOException {
        Files.writeString(dir.resolve("m.json"), json);
        return dir.resolve("m.safetensors");
    }

    private void assertRefused(String json, String message) throws IOException {
        Path weights = describedAs(json);
        assertThatThrownBy(() -> ModelFile.readFor(weights)).isInstanceOf(UserError.class)
            .hasMessage(dir.resolve("m.json") + ": not a wuton model description: " + message);
    }

    @Test
    void namesTheBadFieldAndItsAllowedValues() throws IOException {
        assertRefused("{\"format\": \"wuton-model\", \"version\": 1, \"stage\": \"STUDGNT\", " + GOOD_MODEL + "}",
            "bad value for 'stage' (one of [TEACHER, STUDENT]) at line 1, column 50");
        assertRefused("{\"format\": \"wuton-model\", \"version\": 1, \"stage\": \"STUDENT\",\n\"model\": {\"height\": \"tall\"}}",
            "bad value for 'model.height' at line 2, column 21");
    }

    @Test
    void saysWhereTheJsonIsMalformed() throws IOException {
        assertRefused("{\"format\": \"wuton-model\",\n \"version\": 1,", "malformed JSON at line 2, column 15");
    }

    @Test
    void givesAnImpossibleConfigsOwnReason() throws IOException {
        assertRefused("{\"format\": \"wuton-model\", \"version\": 1, \"stage\": \"STUDENT\", "
            + GOOD_MODEL.replace("\"tpsGridSize\": 5", "\"tpsGridSize\": 100000") + "}", "TPS grid size 100000: must be 2 to 16");
    }

    @Test
    void refusesAHugeDescriptionWithoutParsingIt() throws IOException {
        Path weights = describedAs("");
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("m.json").toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        assertThatThrownBy(() -> ModelFile.readFor(weights)).isInstanceOf(UserError.class)
            .hasMessageContaining("1073741824 bytes, a description has at most 16777216");
    }
}
