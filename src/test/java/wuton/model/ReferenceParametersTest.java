package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/**
 * bench/parameters.tsv is what bench/reference.py (the PyTorch model timed beside this one) checks its own
 * parameter counts against: it must give the Java model's count for every configuration it lists, and list
 * every width, layout and composition at the default size.
 */
class ReferenceParametersTest {
    private static final Path TABLE = Path.of("bench", "parameters.tsv");

    private record Row(ModelSize size, Architecture architecture, Composition composition, int height, int width,
                       long parameters) {
    }

    @Test
    void everyRecordedCountIsTheJavaModels() throws IOException {
        for (Row row : rows()) {
            try (PointerScope scope = new PointerScope()) {
                Wuton model = new Wuton(ModelConfig.of(row.size(), row.architecture(), row.composition(), row.height(),
                    row.width()));
                assertThat(model.parameterCount()).as(row.toString()).isEqualTo(row.parameters());
            }
        }
    }

    @Test
    void theDefaultSizeIsRecordedForEveryConfiguration() throws IOException {
        Set<List<Object>> listed = new HashSet<>();
        for (Row row : rows()) {
            if (row.height() == ModelConfig.DEFAULT_HEIGHT && row.width() == ModelConfig.DEFAULT_WIDTH) {
                listed.add(List.of(row.size(), row.architecture(), row.composition()));
            }
        }
        assertThat(listed).hasSize(ModelSize.values().length * Architecture.values().length * Composition.values().length);
    }

    private static List<Row> rows() throws IOException {
        return Files.readAllLines(TABLE).stream()
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(ReferenceParametersTest::row)
            .toList();
    }

    private static Row row(String line) {
        String[] f = line.split("\t");
        String[] hw = f[3].split("x");
        return new Row(byName(ModelSize.values(), f[0]), byName(Architecture.values(), f[1]),
            Arrays.stream(Composition.values()).filter(c -> c.cliName().equals(f[2])).findFirst().orElseThrow(),
            Integer.parseInt(hw[0]), Integer.parseInt(hw[1]), Long.parseLong(f[4]));
    }

    private static <E extends Enum<E>> E byName(E[] values, String cliName) {
        return Arrays.stream(values).filter(e -> e.name().equalsIgnoreCase(cliName)).findFirst().orElseThrow();
    }
}
