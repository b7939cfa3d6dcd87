package wuton.serve;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.nn.NonFiniteException;
import wuton.serve.study.Study;
import wuton.serve.study.StudyRoutes;

/**
 * The try-on web service: a shopper's page and a JSON API over one {@link TryOn} model.
 *
 * <ul>
 *   <li>{@code POST /api/tryon}: multipart {@code person} (a photo) and {@code cloth} (a photo) or {@code garment}
 *   (a catalogue id); answers the PNG at the person photo's size;</li>
 *   <li>{@code GET /api/garments}: the catalogue, {@code [{"id": ..., "thumbnail": ...}]};
 *   {@code GET /api/garments/ID.png}: a thumbnail;</li>
 *   <li>{@code GET /api/health}, {@code GET /api/metrics} (Prometheus text, see {@link Metrics});</li>
 *   <li>{@code GET /}: the page, from the classpath's {@code wuton/serve/page}.</li>
 * </ul>
 *
 * Try-ons go through a {@link Batcher}; refusals are {@code {"error": "..."}} with a 4xx status, see
 * {@link Limits}. Made with {@link #builder}; {@link #close} finishes the try-ons already accepted before it stops.
 */
public final class Server implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** Try-ons per model call at most: beyond 8 a CPU forward pass gains little per picture. */
    public static final int DEFAULT_MAX_BATCH = 8;
    /** How long the first request of a batch waits for company: small beside a forward pass. */
    public static final int DEFAULT_MAX_WAIT_MS = 20;
    /** Try-ons that may wait: four full batches, a few seconds of work on a CPU. */
    public static final int DEFAULT_QUEUE = 32;
    /** The largest request body in MiB: see {@link Limits#DEFAULT_MAX_UPLOAD_BYTES}. */
    public static final int DEFAULT_MAX_UPLOAD_MB = (int) (Limits.DEFAULT_MAX_UPLOAD_BYTES >> 20);
    /** How long {@link #close} waits for the accepted try-ons to finish. */
    static final long DRAIN_TIMEOUT_MS = 60_000;

    static final String TRYON_ROUTE = "/api/tryon";
    private static final String GARMENTS_ROUTE = "/api/garments";
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final TryOn tryOn;
    private final Catalog catalog;
    private final Limits limits;
    private final String device;
    private final Metrics metrics = new Metrics();
    private final Batcher batcher;
    private final Javalin app;
    private final AtomicInteger tryOnsInFlight = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private Server(Builder b) {
        this.tryOn = b.tryOn;
        this.limits = new Limits(b.maxUploadBytes, b.imageLimits);
        this.device = b.device;
        Function<List<TryOn.Request>, List<BufferedImage>> model = b.model != null ? b.model : tryOn::apply;
        this.catalog = b.catalog != null ? Catalog.folder(b.catalog, limits.images(), tryOn.config())
            : Catalog.synthetic(limits.images(), tryOn.config());
        this.batcher = new Batcher(model, b.maxBatch, b.maxWaitMillis, b.queue, metrics);
        metrics.queueDepth(batcher::queueDepth);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // the threads that can wait on the batcher are bounded by the queue; the rest answer quickly
            config.jetty.threadPool = new QueuedThreadPool(Math.max(32, b.queue + b.maxBatch + 16), 4);
            config.jetty.multipartConfig.maxFileSize(limits.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(limits.maxUploadBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB); // larger parts go to a temporary file
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/wuton/serve/page";
                files.location = Location.CLASSPATH;
            });
            config.requestLogger.http(this::answered);
        });
        app.post(TRYON_ROUTE, this::tryOn);
        app.get(GARMENTS_ROUTE, this::garments);
        app.get(GARMENTS_ROUTE + "/{file}", this::thumbnail);
        app.get("/api/health", this::health);
        if (b.study != null) {
            StudyRoutes.register(app, b.study, b.studyToken);
        }
        app.get("/api/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
            .result(metrics.prometheus()));
        app.exception(ApiError.class, (e, ctx) -> refuse(ctx, e));
        app.exception(UserError.class, (e, ctx) -> refuse(ctx, new ApiError(400, e.getMessage())));
        app.exception(NonFiniteException.class, (e, ctx) -> {
            // never a black or noisy picture: the shopper gets an error that says what happened, the operator a count
            LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            metrics.nonFiniteResult();
            refuse(ctx, new ApiError(500, "the model produced NaN or infinite values for this try-on; no picture "
                + "was made"));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            refuse(ctx, new ApiError(500, "internal error: " + e));
        });
    }

    /** A server over this model, with every other setting at its default until set. */
    public static Builder builder(TryOn tryOn) {
        return new Builder(tryOn);
    }

    /** Binds and starts answering. */
    private Server start(String host, int port) {
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            close();
            throw new UserError("cannot listen on " + host + ":" + port + ": " + rootMessage(e), e);
        }
        return this;
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return app.port();
    }

    /** Garments in the catalogue. */
    public int garmentCount() {
        return catalog.ids().size();
    }

    /** Blocks until {@link #close} has finished, from whichever thread called it. */
    public void awaitClosed() throws InterruptedException {
        stopped.await();
    }

    private void tryOn(Context ctx) throws InterruptedException {
        tryOnsInFlight.incrementAndGet();
        long length = ctx.req().getContentLengthLong();
        if (length > limits.maxUploadBytes()) {
            throw limits.uploadTooLarge(length);
        }
        if (!ctx.isMultipartFormData()) {
            throw new ApiError(400, "send multipart/form-data with a 'person' photo and a 'cloth' photo or a 'garment' id");
        }
        UploadedFile personFile = upload(ctx, "person");
        UploadedFile clothFile = upload(ctx, "cloth");
        String garment = ctx.formParam("garment");
        if (personFile == null) {
            throw new ApiError(400, "missing field 'person': the person photo");
        }
        if ((clothFile == null) == (garment == null || garment.isBlank())) {
            throw new ApiError(400, clothFile == null
                ? "missing field: give 'cloth' (a garment photo) or 'garment' (an id from GET " + GARMENTS_ROUTE + ")"
                : "give either 'cloth' or 'garment', not both");
        }
        BufferedImage person = limits.decode("person", bytes(personFile));
        BufferedImage cloth = clothFile != null ? limits.decode("cloth", bytes(clothFile)) : catalog.garment(garment);
        BufferedImage result;
        try {
            result = batcher.submit(TryOn.Request.of(person, cloth)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("the try-on failed", e.getCause());
        }
        ctx.contentType("image/png").result(ImageFiles.png(result));
    }

    /** A form field's file, or null; a body over the limit is refused while it is read. */
    private UploadedFile upload(Context ctx, String field) {
        try {
            return ctx.uploadedFile(field);
        } catch (IllegalStateException e) {
            // Jetty's multipart reader says "... exceeds ..." for a part or a body over the configured size
            throw limits.uploadTooLarge(-1);
        }
    }

    private byte[] bytes(UploadedFile file) {
        try (InputStream in = file.content()) {
            byte[] bytes = in.readNBytes((int) Math.min(limits.maxUploadBytes() + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limits.maxUploadBytes()) {
                throw limits.uploadTooLarge(bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "the upload could not be read: " + e.getMessage());
        }
    }

    private void garments(Context ctx) {
        ctx.json(catalog.ids().stream()
            .map(id -> Map.of("id", id, "thumbnail", GARMENTS_ROUTE + "/" + id + ".png")).toList());
    }

    private void thumbnail(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".png")) {
            throw new ApiError(404, "thumbnails are at " + GARMENTS_ROUTE + "/ID.png");
        }
        ctx.contentType("image/png").result(catalog.thumbnail(file.substring(0, file.length() - ".png".length())));
    }

    private void health(Context ctx) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("ok", true);
        health.put("model", tryOn.describe());
        health.put("device", device);
        health.put("garments", catalog.ids().size());
        ctx.json(health);
    }

    private static void refuse(Context ctx, ApiError e) {
        ctx.status(e.status());
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        ctx.json(Map.of("error", e.getMessage()));
    }

    /** Called once each request's answer is sent. */
    private void answered(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException unmatched) {
            route = "other"; // static files and unknown paths
        }
        metrics.request(route, ctx.statusCode(), millis / 1000.0);
        if (route.equals(TRYON_ROUTE)) {
            tryOnsInFlight.decrementAndGet();
        }
    }

    /**
     * Stops: refuses new try-ons (503), finishes the ones accepted, waits for their answers to be sent, then
     * stops listening and removes a drawn catalogue. Safe to call more than once and from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            batcher.close(DRAIN_TIMEOUT_MS);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
            while (tryOnsInFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            app.stop();
            catalog.close();
            stopped.countDown();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
    }

    /** The settings of a {@link Server}: the model is required, the rest hold the {@code DEFAULT_} values. */
    public static final class Builder {
        private final TryOn tryOn;
        private Path catalog;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private long maxWaitMillis = DEFAULT_MAX_WAIT_MS;
        private int queue = DEFAULT_QUEUE;
        private long maxUploadBytes = Limits.DEFAULT_MAX_UPLOAD_BYTES;
        private ImageLimits imageLimits = ImageLimits.DEFAULT;
        private String device = "cpu";
        private Function<List<TryOn.Request>, List<BufferedImage>> model;
        private Study study;
        private String studyToken;

        private Builder(TryOn tryOn) {
            this.tryOn = Objects.requireNonNull(tryOn);
        }

        /** A folder of garment images, each known by its file stem; without it, a small drawn catalogue. */
        public Builder catalog(Path dir) {
            this.catalog = dir;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 picks a free one ({@link #port()} tells which). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        public Builder maxWaitMillis(long maxWaitMillis) {
            this.maxWaitMillis = maxWaitMillis;
            return this;
        }

        /** How many try-ons may wait for the model; more are answered 503. */
        public Builder queue(int queue) {
            this.queue = queue;
            return this;
        }

        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder imageLimits(ImageLimits imageLimits) {
            this.imageLimits = Objects.requireNonNull(imageLimits);
            return this;
        }

        /** The device's name for {@code /api/health}. */
        public Builder device(String device) {
            this.device = device;
            return this;
        }

        /**
         * Also serves a prepared user study at {@code /study}, its results at {@code /study/results?token=TOKEN}
         * ({@link StudyRoutes}).
         */
        public Builder study(Study study, String resultsToken) {
            this.study = Objects.requireNonNull(study);
            this.studyToken = Objects.requireNonNull(resultsToken);
            return this;
        }

        /** Runs each batch through this instead of the model (tests: a slow model, a count of calls). */
        Builder model(Function<List<TryOn.Request>, List<BufferedImage>> model) {
            this.model = model;
            return this;
        }

        /**
         * Checks the settings, prepares the catalogue and starts listening.
         *
         * @throws UserError naming the option whose value is out of range, or when the port cannot be bound
         */
        public Server start() {
            return new Server(validate()).start(host, port);
        }

        /**
         * Checks the settings without starting anything.
         *
         * @throws UserError naming the option whose value is out of range, or a teacher model
         */
        public Builder validate() {
            check(port >= 0 && port <= 65535, "--port " + port + ": must be 0 to 65535");
            check(maxBatch >= 1, "--max-batch " + maxBatch + ": must be at least 1");
            check(maxWaitMillis >= 0, "--max-wait-ms " + maxWaitMillis + ": must be 0 or more");
            check(queue >= 1, "--queue " + queue + ": must be at least 1");
            check(maxUploadBytes >= 1, "--max-upload-mb: must be above 0");
            if (tryOn.needsParsing()) {
                throw new UserError(tryOn.describe() + " is a teacher model, which needs each person's parsing map and"
                    + " pose; serve takes photos alone: give a student model with --model");
            }
            return this;
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new UserError(message);
            }
        }
    }
}
