package wuton.serve.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRoutesTest {
    private static final String TOKEN = "s3cret-token";

    @TempDir
    static Path dir;
    private static Path template;
    @TempDir
    Path run;
    private Javalin app;
    private StudyRoutes routes;
    private Study study;

    @BeforeAll
    static void prepare() {
        template = StudyFixture.prepare(dir);
    }

    /** A fresh copy of the study for each test, so votes of one test never meet another's. */
    @BeforeEach
    void start() throws Exception {
        Path folder = run.resolve("study");
        java.nio.file.Files.createDirectories(folder);
        try (var files = java.nio.file.Files.list(template)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        study = Study.read(folder);
        app = Javalin.create();
        routes = StudyRoutes.register(app, study, TOKEN);
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void aParticipantVotesLeavesAndContinuesWhereTheyWere() throws Exception {
        StudyClient first = new StudyClient(app.port(), null);
        HttpResponse<String> page = first.get("/study");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(first.cookie()).startsWith(StudyRoutes.COOKIE + "=");
        assertThat(StudyClient.position(page.body())).isZero();
        List<String> images = StudyClient.images(page.body());
        assertThat(images).hasSize(4);
        // the pictures are served, and the two results are the two models' for the same pair
        assertThat(first.get(images.get(2)).statusCode()).isEqualTo(200);
        assertThat(images.get(2)).isNotEqualTo(images.get(3));
        assertThat(images.get(2).replaceAll("result-.", "")).isEqualTo(images.get(3).replaceAll("result-.", ""));

        HttpResponse<String> voted = first.vote("0", "left");
        assertThat(voted.statusCode()).isEqualTo(303);
        assertThat(voted.headers().firstValue("Location")).hasValue("/study");
        String second = first.get("/study").body();
        assertThat(StudyClient.position(second)).isEqualTo(1);

        // back later, in a new browser session with the same cookie: the same second pair, the same sides
        StudyClient back = new StudyClient(app.port(), first.cookie());
        String again = back.get("/study").body();
        assertThat(StudyClient.position(again)).isEqualTo(1);
        assertThat(StudyClient.images(again)).isEqualTo(StudyClient.images(second));

        List<Vote> votes = routes.store().all();
        assertThat(votes).hasSize(1);
        Vote vote = votes.get(0);
        assertThat(vote.position()).isZero();
        assertThat(vote.side()).isEqualTo(Vote.Side.LEFT);
        assertThat(images.get(2)).endsWith(Study.resultImage(vote.pair(), study.modelNames().indexOf(vote.leftModel())));
    }

    @Test
    void aFormSentTwiceCountsOnceAndTheLastVoteSaysThankYou() throws Exception {
        StudyClient client = new StudyClient(app.port(), null);
        client.get("/study");
        client.vote("0", "right");
        client.vote("0", "right");
        assertThat(routes.store().count(cookieId(client))).isEqualTo(1);
        for (int position = 1; position < StudyFixture.VOTES; position++) {
            client.vote("" + position, "left");
        }
        String done = client.get("/study").body();
        assertThat(done).contains("Thank you").contains("all " + StudyFixture.VOTES + " votes");
        assertThat(client.vote("" + StudyFixture.VOTES, "left").statusCode()).isEqualTo(303);
        assertThat(routes.store().all()).hasSize(StudyFixture.VOTES);
        assertThat(client.vote("x", "up").statusCode()).isEqualTo(400);
    }

    @Test
    void participantsGetTheirOwnSubsetsOfThePairs() {
        List<Integer> firstPairs = pairsOf(Assignment.of(study, "0".repeat(32)));
        boolean someDiffer = false;
        for (int i = 1; i < 20 && !someDiffer; i++) {
            someDiffer = !pairsOf(Assignment.of(study, String.format("%032x", i))).equals(firstPairs);
        }
        assertThat(someDiffer).isTrue();
        assertThat(firstPairs).hasSize(StudyFixture.VOTES).doesNotHaveDuplicates();
        assertThat(pairsOf(Assignment.of(study, "0".repeat(32)))).isEqualTo(firstPairs);
    }

    @Test
    void resultsNeedTheTokenAndWordThePreference() throws Exception {
        StudyClient client = new StudyClient(app.port(), null);
        client.get("/study");
        for (int position = 0; position < 3; position++) {
            client.vote("" + position, "left");
        }
        StudyClient organiser = new StudyClient(app.port(), null);
        assertThat(organiser.get("/study/results").statusCode()).isEqualTo(403);
        assertThat(organiser.get("/study/results?token=wrong").statusCode()).isEqualTo(403);
        assertThat(organiser.get("/study/results.csv").statusCode()).isEqualTo(403);

        HttpResponse<String> results = organiser.get("/study/results?token=" + TOKEN);
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(results.body()).contains("3 votes from 1 participants").contains("All participants")
            .contains("Participant " + cookieId(client)).containsPattern("(alpha|beta) chosen \\d+% of the time; p &gt; ");

        HttpResponse<String> csv = organiser.get("/study/results.csv?token=" + TOKEN);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(ResultsPage.CSV_HEADER);
        assertThat(lines).hasSize(4);
        Vote first = routes.store().all().get(0);
        Study.StudyPair pair = study.pairs().get(first.pair());
        assertThat(lines.get(1)).startsWith(cookieId(client) + ",0," + first.pair() + "," + pair.person() + ","
            + pair.cloth() + "," + first.leftModel() + "," + first.rightModel() + ",left," + first.leftModel() + ",");
    }

    @Test
    void onlyTheStudysPicturesAreServed() throws Exception {
        StudyClient client = new StudyClient(app.port(), null);
        assertThat(client.get("/study/image/" + Study.FILE).statusCode()).isEqualTo(404);
        assertThat(client.get("/study/image/" + VoteStore.FILE).statusCode()).isEqualTo(404);
        assertThat(client.get("/study/image/" + Study.personImage(0)).headers().firstValue("Content-Type"))
            .hasValue("image/png");
    }

    private static List<Integer> pairsOf(Assignment assignment) {
        return java.util.stream.IntStream.range(0, assignment.size()).mapToObj(i -> assignment.trial(i).pair()).toList();
    }

    private static String cookieId(StudyClient client) {
        return client.cookie().substring(client.cookie().indexOf('=') + 1);
    }
}
