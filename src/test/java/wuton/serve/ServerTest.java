package wuton.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Rgb;
import wuton.model.Stage;
import wuton.testing.HostileImages;
import wuton.testing.TinyModels;

/** The service over real HTTP on a free port, with a tiny random student and tiny pictures. */
class ServerTest {
    private static final long MAX_UPLOAD = 200_000;
    private static final long MAX_PIXELS = 100_000;

    @TempDir
    static Path folder;
    static TryOn student;
    static Path garments;
    static Server server;
    static Http http;

    @BeforeAll
    static void start() throws java.io.IOException {
        student = TryOn.load(TinyModels.write(folder, "student", Stage.STUDENT));
        garments = java.nio.file.Files.createDirectories(folder.resolve("garments"));
        ImageFiles.writePng(HostileImages.noise(30, 40, 1), garments.resolve("red-shirt.png"));
        ImageFiles.writePng(HostileImages.noise(60, 80, 2), garments.resolve("blue-shirt.png"));
        // wider than the model's frame: fitting it leaves white bands above and below
        ImageFiles.writePng(HostileImages.noise(90, 40, 7), garments.resolve("wide-scarf.png"));
        server = settings().start();
        http = new Http(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        student.close();
    }

    /** The test servers' settings: a free port, the test catalogue, small limits. */
    private static Server.Builder settings() {
        return Server.builder(student).port(0).catalog(garments).maxUploadBytes(MAX_UPLOAD)
            .imageLimits(ImageLimits.DEFAULT.withMaxPixels(MAX_PIXELS));
    }

    private static byte[] png(int w, int h, long seed) {
        return ImageFiles.png(HostileImages.noise(w, h, seed));
    }

    private static Http.Form personAndGarment(long seed, String garment) {
        return new Http.Form().file("person", png(36, 52, seed)).text("garment", garment);
    }

    @Test
    void aTryOnWithACatalogueGarmentIsAPngOfThePersonsSize() {
        HttpResponse<byte[]> response = http.post("/api/tryon", personAndGarment(3, "red-shirt"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage result = Http.image(response);
        assertThat(result.getWidth()).isEqualTo(36);
        assertThat(result.getHeight()).isEqualTo(52);
    }

    @Test
    void aModelGivingNaNIsA500ThatSaysSoAndIsCounted() {
        try (TryOn broken = TryOn.load(TinyModels.writeBroken(folder, "broken", Stage.STUDENT));
             Server brokenServer = Server.builder(broken).port(0).catalog(garments).start()) {
            HttpResponse<byte[]> response = new Http(brokenServer).post("/api/tryon", personAndGarment(3, "red-shirt"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
            assertThat(Http.text(response)).contains("NaN or infinite values").contains("no picture was made");
            assertThat(metric(brokenServer, "wuton_nonfinite_results_total")).isEqualTo(1);
            assertThat(metric(brokenServer, "wuton_http_errors_total")).isEqualTo(1);
        }
    }

    @Test
    void aTryOnWithAnUploadedGarmentIsAPngOfThePersonsSize() {
        HttpResponse<byte[]> response = http.post("/api/tryon",
            new Http.Form().file("person", png(70, 50, 4)).file("cloth", png(20, 30, 5)));

        assertThat(response.statusCode()).isEqualTo(200);
        BufferedImage result = Http.image(response);
        assertThat(result.getWidth()).isEqualTo(70);
        assertThat(result.getHeight()).isEqualTo(50);
    }

    @Test
    void aCatalogueGarmentGivesTheSamePictureAsItsPhotoUploaded() throws java.io.IOException {
        byte[] person = png(36, 52, 6);
        byte[] photo = java.nio.file.Files.readAllBytes(garments.resolve("wide-scarf.png"));

        // twice by id: the first reads the file, the second takes the garment kept fitted to the frame
        BufferedImage first = Http.image(http.post("/api/tryon", new Http.Form().file("person", person).text("garment", "wide-scarf")));
        BufferedImage kept = Http.image(http.post("/api/tryon", new Http.Form().file("person", person).text("garment", "wide-scarf")));
        BufferedImage uploaded = Http.image(http.post("/api/tryon", new Http.Form().file("person", person).file("cloth", photo)));

        assertThat(Rgb.pixels(Rgb.of(kept))).isEqualTo(Rgb.pixels(Rgb.of(first)));
        assertThat(Rgb.pixels(Rgb.of(uploaded))).isEqualTo(Rgb.pixels(Rgb.of(first)));
    }

    @Test
    void theCatalogueListsItsGarmentsAndTheirThumbnailsLoad() {
        JsonNode list = Http.json(http.get("/api/garments"));

        assertThat(list.findValuesAsText("id")).containsExactly("blue-shirt", "red-shirt", "wide-scarf");
        for (JsonNode garment : list) {
            HttpResponse<byte[]> thumbnail = http.get(garment.get("thumbnail").asText());
            assertThat(thumbnail.statusCode()).isEqualTo(200);
            BufferedImage image = Http.image(thumbnail);
            assertThat(image.getWidth()).isBetween(1, Catalog.THUMBNAIL_WIDTH);
            assertThat(image.getHeight()).isBetween(1, Catalog.THUMBNAIL_HEIGHT);
        }
        assertThat(http.get("/api/garments/green-shirt.png").statusCode()).isEqualTo(404);
    }

    @Test
    void healthNamesTheModelAndDevice() {
        HttpResponse<byte[]> response = http.get("/api/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = Http.json(response);
        assertThat(health.get("ok").asBoolean()).isTrue();
        assertThat(health.get("model").asText()).contains("student");
        assertThat(health.get("device").asText()).isEqualTo("cpu");
    }

    @Test
    void metricsCountTheRequestsMade() {
        String healthOk = "wuton_http_requests_total{route=\"/api/health\",status=\"200\"}";
        String unknownGarment = "wuton_http_requests_total{route=\"/api/tryon\",status=\"404\"}";
        double healthBefore = metric(server, healthOk), unknownBefore = metric(server, unknownGarment);

        http.get("/api/health");
        http.get("/api/health");
        http.post("/api/tryon", personAndGarment(6, "no-such-garment"));

        // a request is counted once its answer has gone out, a moment after the client has it
        eventually(() -> metric(server, healthOk) == healthBefore + 2 && metric(server, unknownGarment) == unknownBefore + 1);
        HttpResponse<byte[]> metrics = http.get("/api/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(Http.text(metrics)).contains("# TYPE wuton_tryon_seconds histogram", "wuton_queue_depth 0",
            "# TYPE wuton_batch_size histogram", "wuton_http_errors_total 0");
    }

    @Test
    void aMissingPersonIsRefusedNamingTheField() {
        assertRefused(http.post("/api/tryon", new Http.Form().text("garment", "red-shirt")), 400, "'person'");
    }

    @Test
    void aMissingGarmentIsRefusedNamingBothWaysToGiveOne() {
        assertRefused(http.post("/api/tryon", new Http.Form().file("person", png(20, 20, 7))), 400, "'cloth'", "'garment'");
    }

    @Test
    void anUnknownGarmentIsNotFound() {
        assertRefused(http.post("/api/tryon", personAndGarment(8, "green-shirt")), 404, "'green-shirt'");
    }

    @Test
    void aFileThatIsNoImageIsAnUnsupportedFormat() {
        byte[] text = "not a picture at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertRefused(http.post("/api/tryon", new Http.Form().file("person", text).text("garment", "red-shirt")), 415,
            "'person'", "not a JPEG, PNG, BMP or GIF image");
    }

    @Test
    void anUploadOverTheSizeLimitIsTooLarge() {
        byte[] big = new byte[(int) MAX_UPLOAD + 1000];
        assertRefused(http.post("/api/tryon", new Http.Form().file("person", big).text("garment", "red-shirt")), 413,
            "more than the limit of " + ImageLimits.bytes(MAX_UPLOAD));
    }

    @Test
    void aPictureClaimingTooManyPixelsIsRefusedBeforeDecoding() {
        byte[] bomb = HostileImages.pngClaiming(20_000, 20_000);
        assertRefused(http.post("/api/tryon", new Http.Form().file("person", png(20, 20, 9)).file("cloth", bomb)), 413,
            "'cloth'", "20000x20000 pixels", "more than the limit of 0.1 megapixels");
    }

    @Test
    void aFullQueueIsAnsweredUnavailableWithRetryAfter() throws Exception {
        Gate gate = new Gate();
        try (Server busy = settings().queue(1).maxBatch(1).model(gate.around(student::apply)).start()) {
            Http client = new Http(busy);
            CompletableFuture<HttpResponse<byte[]>> running = client.postAsync("/api/tryon", personAndGarment(10, "red-shirt"));
            gate.awaitEntered();
            CompletableFuture<HttpResponse<byte[]>> waiting = client.postAsync("/api/tryon", personAndGarment(11, "red-shirt"));
            eventually(() -> metric(busy, "wuton_queue_depth") == 1);

            HttpResponse<byte[]> refused = client.post("/api/tryon", personAndGarment(12, "red-shirt"));

            assertRefused(refused, 503, "busy");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            gate.open();
            assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(waiting.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsWaitingTogetherShareOneModelCall() throws Exception {
        Gate gate = new Gate();
        try (Server batching = settings().maxBatch(4).maxWaitMillis(50).model(gate.around(student::apply)).start()) {
            Http client = new Http(batching);
            List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
            responses.add(client.postAsync("/api/tryon", personAndGarment(13, "red-shirt")));
            gate.awaitEntered(); // the first request runs alone and holds the model
            for (int i = 0; i < 3; i++) {
                responses.add(client.postAsync("/api/tryon", personAndGarment(14 + i, "blue-shirt")));
            }
            eventually(() -> metric(batching, "wuton_queue_depth") == 3);
            gate.open();

            for (CompletableFuture<HttpResponse<byte[]>> response : responses) {
                assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(gate.batchSizes).containsExactly(1, 3);
            assertThat(metric(batching, "wuton_batch_size_count")).isEqualTo(2);
            assertThat(metric(batching, "wuton_batch_size_sum")).isEqualTo(4);
            assertThat(metric(batching, "wuton_batch_size_bucket{le=\"2\"}")).isEqualTo(1);
        }
    }

    @Test
    void closingFinishesTheTryOnsInFlightFirst() throws Exception {
        Gate gate = new Gate();
        Server stopping = settings().model(gate.around(student::apply)).start();
        Http client = new Http(stopping);
        CompletableFuture<HttpResponse<byte[]>> inFlight = client.postAsync("/api/tryon", personAndGarment(17, "red-shirt"));
        gate.awaitEntered();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
        Thread.sleep(200); // close() is now waiting on the batch; let it
        assertThat(closed).isNotDone();
        gate.open();

        assertThat(inFlight.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        closed.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aTeacherModelIsRefusedAtStartUp() {
        try (TryOn teacher = TryOn.load(TinyModels.write(folder, "teacher", Stage.TEACHER))) {
            assertThatThrownBy(() -> Server.builder(teacher).port(0).catalog(garments).start())
                .isInstanceOf(UserError.class).hasMessageContaining("teacher model").hasMessageContaining("--model");
        }
    }

    @Test
    void withoutAFolderTheCatalogueIsDrawn() {
        try (Server drawn = Server.builder(student).port(0).start()) {
            JsonNode list = Http.json(new Http(drawn).get("/api/garments"));
            assertThat(list).hasSize(Catalog.SYNTHETIC_COUNT);
            assertThat(new Http(drawn).get(list.get(0).get("thumbnail").asText()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void thePageIsServedWithoutExternalResources() {
        HttpResponse<byte[]> page = http.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        String html = Http.text(page);
        assertThat(html).contains("app.js", "viewport").doesNotContain("http://", "https://");
        assertThat(Http.text(http.get("/app.js"))).contains("api/tryon", "getUserMedia").doesNotContain("http://", "https://");
    }

    @Test
    void theReferenceNamesEveryMetric() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(Path.of("docs/serving.md"));
        Matcher types = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE).matcher(Http.text(http.get("/api/metrics")));
        List<String> names = new ArrayList<>();
        while (types.find()) {
            names.add(types.group(1));
        }

        assertThat(names).hasSize(7).allSatisfy(name -> assertThat(doc).contains("`" + name));
    }

    private static void assertRefused(HttpResponse<byte[]> response, int status, String... phrases) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(Http.json(response).get("error").asText()).contains(phrases);
    }

    /** A model that holds each batch until the gate opens, and records each batch's size. */
    private static final class Gate {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        Function<List<TryOn.Request>, List<BufferedImage>> around(Function<List<TryOn.Request>, List<BufferedImage>> model) {
            return requests -> {
                batchSizes.add(requests.size());
                entered.countDown();
                try {
                    open.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return model.apply(requests);
            };
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(60, TimeUnit.SECONDS)).as("the model was called").isTrue();
        }

        void open() {
            open.countDown();
        }
    }

    /** The value of one sample line of the server's metrics, 0 when absent. */
    private static double metric(Server server, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(Http.text(new Http(server).get("/api/metrics")));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Waits up to 30 s for a condition that other threads make true (generous for a busy 2-core machine). */
    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
