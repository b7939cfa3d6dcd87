package wuton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class SynthCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void writesAWorldAndPrintsWhereItIs() {
        Path dir = tmp.resolve("w");
        assertThat(run("synth", "--out", dir.toString(), "--count", "6", "--size", "64x48")).isZero();
        assertThat(out.toString()).contains(dir.toAbsolutePath().toString());
        assertThat(Files.exists(dir.resolve("world.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("train/image/00000_00.png"))).isTrue();
    }

    @Test
    void badSizeIsAOneLineError() {
        assertThat(run("synth", "--out", tmp.resolve("w").toString(), "--size", "0x5")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim()).startsWith("synth: --size 0x5").doesNotContain("\n").doesNotContain("Exception");
        assertThat(Files.exists(tmp.resolve("w"))).isFalse();
    }

    @Test
    void malformedSizeIsAOneLineError() {
        assertThat(run("synth", "--out", tmp.resolve("w").toString(), "--size", "big")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim()).isEqualTo("synth: --size big: expected HEIGHTxWIDTH, for example 256x192");
    }

    @Test
    void negativeCountIsAOneLineError() {
        assertThat(run("synth", "--out", tmp.resolve("w").toString(), "--count", "-1")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString().trim()).isEqualTo("synth: --count -1: must be at least 1");
    }

    @Test
    void nonEmptyFolderNeedsForce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("w"));
        Files.writeString(dir.resolve("keep.txt"), "keep");
        assertThat(run("synth", "--out", dir.toString(), "--count", "4", "--size", "64x48")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("not empty").contains("--force");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("keep");
    }

    @Test
    void missingRequiredOptionNamesIt() {
        assertThat(run("synth")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(err.toString()).contains("--out");
    }

    @Test
    void helpListsTheVerbs() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("synth").contains("demo");
    }

    /** The README's table of synth's options (its only option table) gives each default as the command has it. */
    @Test
    void theReadmeTableShowsTheCommandsDefaults() throws Exception {
        CommandSpec synth = new CommandLine(new SynthCommand()).getCommandSpec();
        List<String> checked = new ArrayList<>();
        for (String row : Files.readAllLines(Path.of("README.md"))) {
            String[] cells = row.split("\\|");
            if (cells.length < 3 || !cells[1].trim().startsWith("`--")) {
                continue;
            }
            String option = cells[1].trim().replace("`", "").split(" ")[0];
            CommandLine.Model.OptionSpec spec = synth.findOption(option);
            if (spec != null && spec.defaultValue() != null) {
                assertThat(cells[2].trim()).as("README default of synth " + option).isEqualTo(spec.defaultValue());
                checked.add(option);
            }
        }
        assertThat(checked).contains("--count", "--size", "--seed", "--test-fraction", "--accessories", "--look", "--empty");
    }
}
