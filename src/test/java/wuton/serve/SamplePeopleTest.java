package wuton.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The shop page's sample people: each listed photo is shipped, decodes, and has its source and licence written. */
class SamplePeopleTest {
    private static final String FOLDER = "/wuton/serve/page/people/";

    @Test
    void everySamplePersonIsShippedWithItsLicence() throws IOException {
        JsonNode people;
        String readme;
        try (InputStream list = getClass().getResourceAsStream(FOLDER + "people.json");
             InputStream licences = getClass().getResourceAsStream(FOLDER + "README.md")) {
            assertThat(list).isNotNull();
            assertThat(licences).isNotNull();
            people = new ObjectMapper().readTree(list);
            readme = new String(licences.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(people.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode person : people) {
            String file = person.path("file").asText();
            assertThat(person.path("caption").asText()).as(file + ": caption").isNotBlank();
            assertThat(person.path("credit").asText()).as(file + ": credit").isNotBlank();
            assertThat(readme).as(file + ": a licence row").contains("`" + file + "`");
            try (InputStream photo = getClass().getResourceAsStream(FOLDER + file)) {
                assertThat(photo).as(file).isNotNull();
                assertThat(ImageIO.read(photo)).as(file + " decodes").isNotNull();
            }
        }
    }
}
