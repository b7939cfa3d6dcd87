package wuton.serve;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import wuton.TryOn;
import wuton.common.Folders;
import wuton.common.ResidentMemory;
import wuton.common.UserError;
import wuton.image.Photos;
import wuton.serve.LoadBenchmark.Report.Memory;
import wuton.serve.LoadBenchmark.Report.Row;
import wuton.serve.LoadBenchmark.Report.Run;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/**
 * The service under load, beside the model called directly: how much of the model's batched throughput survives
 * HTTP, multipart parsing, PNG coding and the {@link Batcher}'s waits.
 *
 * <p>In one JVM it starts a {@link Server} on a free loopback port over drawn person photos and a catalogue of
 * drawn garments. For each client count, that many threads send {@code POST /api/tryon} (a person photo and a
 * garment id) one after the other until the request count or the time limit is reached; a 503 is counted as
 * refused and the client waits its {@code Retry-After}, as a well-behaved client would. Then the same number of
 * threads call {@link TryOn#apply(List)} directly with batches of the server's {@code maxBatch} decoded pictures:
 * the best the model does batched, with no HTTP and no PNG. Last, a longer service run samples the process's
 * resident memory ({@code VmRSS}) as requests complete, so that a leak shows as a rising series.
 *
 * <p>Latencies are of answered (200) requests, from just before sending to the whole answer read; throughput is
 * answered images per second, over the time from the first request to the last answer.
 */
public final class LoadBenchmark {
    public static final List<Integer> DEFAULT_CLIENTS = List.of(1, 4, 16, 64);
    /** Requests per client count and mode: a few seconds each for the shipped student on two cores. */
    public static final int DEFAULT_REQUESTS = 400;
    /** The time limit of each run, whichever of it and the request count comes first. */
    public static final double DEFAULT_MAX_SECONDS = 30;
    /** Requests of the resident-memory run: enough for a leak of a few kB per request to show. */
    public static final int DEFAULT_MEMORY_REQUESTS = 5000;
    /** Clients of the resident-memory run: enough to keep every batch full. */
    public static final int DEFAULT_MEMORY_CLIENTS = 16;
    /** The time limit of the memory run: its count should decide, this only bounds a machine far slower. */
    public static final double DEFAULT_MEMORY_MAX_SECONDS = 600;
    /** Resident memory is read every so many answered requests of the memory run. */
    static final int MEMORY_SAMPLE_EVERY = 250;
    /** Distinct person photos the clients take turns with, so that no cache of one picture flatters a figure. */
    static final int PERSON_PHOTOS = 4;
    /** Photo size of the drawn people and garments: a phone photo's aspect, small enough to draw in a moment. */
    static final int PHOTO_HEIGHT = 256, PHOTO_WIDTH = 192;
    /** Untimed batches through each mode first: JIT compilation and libtorch's first allocations. */
    static final int WARMUP_BATCHES = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final double NANOS_PER_MS = 1e6, NANOS_PER_S = 1e9;

    /** The figures of a whole benchmark; {@link #toMap} is its JSON. */
    public record Report(String model, int threads, int maxBatch, long maxWaitMillis, int queue, List<Row> rows,
                         Memory memory) {
        /** One mode at one client count. {@code requests = ok + refused + errors}. */
        public record Run(int clients, int requests, int ok, int refused, int errors, double seconds,
                          double imagesPerSecond, double p50Ms, double p99Ms, String firstError) {
            /** The share of requests answered 503. */
            public double refusedShare() {
                return requests == 0 ? 0 : refused / (double) requests;
            }
        }

        /** The service and the direct calls at one client count, and the ratio of their throughputs. */
        public record Row(int clients, Run service, Run direct) {
            public double ratio() {
                return service.imagesPerSecond() / direct.imagesPerSecond();
            }
        }

        /** The resident-memory run: {@code rssMb[i]} read after {@code atRequests[i]} requests. */
        public record Memory(int clients, Run run, int[] atRequests, double[] rssMb) {
            public double first() {
                return rssMb[0];
            }

            public double last() {
                return rssMb[rssMb.length - 1];
            }

            public double max() {
                return Arrays.stream(rssMb).max().orElse(Double.NaN);
            }
        }

        /**
         * The highest direct throughput of any client count: direct calls from many threads crowd the cores that
         * the forward pass needs with their pictures' fitting, so the direct figure falls past a few clients, and
         * the service is also held to the best of them.
         */
        public double bestDirect() {
            return rows.stream().mapToDouble(r -> r.direct().imagesPerSecond()).max().orElse(Double.NaN);
        }

        /** The report as nested maps and lists, for JSON. */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("mode", "serve");
            map.put("model", model);
            map.put("threads", threads);
            map.put("max_batch", maxBatch);
            map.put("max_wait_ms", maxWaitMillis);
            map.put("queue", queue);
            List<Map<String, Object>> results = new ArrayList<>();
            for (Row row : rows) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("clients", row.clients());
                r.put("service", runMap(row.service()));
                r.put("direct", runMap(row.direct()));
                r.put("service_over_direct", row.ratio());
                r.put("service_over_best_direct", row.service().imagesPerSecond() / bestDirect());
                results.add(r);
            }
            map.put("results", results);
            map.put("best_direct_images_per_s", bestDirect());
            if (memory != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("clients", memory.clients());
                m.put("run", runMap(memory.run()));
                m.put("first_rss_mb", memory.first());
                m.put("last_rss_mb", memory.last());
                m.put("max_rss_mb", memory.max());
                List<Map<String, Object>> samples = new ArrayList<>();
                for (int i = 0; i < memory.rssMb().length; i++) {
                    samples.add(Map.of("requests", memory.atRequests()[i], "rss_mb", memory.rssMb()[i]));
                }
                m.put("samples", samples);
                map.put("memory", m);
            }
            map.put("peak_rss_mb", ResidentMemory.peakMegabytes());
            return map;
        }

        private static Map<String, Object> runMap(Run run) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", run.requests());
            m.put("ok", run.ok());
            m.put("refused_503", run.refused());
            m.put("errors", run.errors());
            m.put("refused_share", run.refusedShare());
            m.put("seconds", run.seconds());
            m.put("images_per_s", run.imagesPerSecond());
            m.put("p50_ms", run.p50Ms());
            m.put("p99_ms", run.p99Ms());
            if (run.firstError() != null) {
                m.put("first_error", run.firstError());
            }
            return m;
        }

        /** A plain-text table: one line per client count, then the memory run. */
        public String table() {
            StringBuilder t = new StringBuilder();
            t.append(String.format(Locale.ROOT, "%7s | %10s %8s %8s %6s | %10s %8s %8s | %7s %7s%n", "clients",
                "service/s", "p50 ms", "p99 ms", "503s", "direct/s", "p50 ms", "p99 ms", "ratio", "/best"));
            for (Row row : rows) {
                Run s = row.service(), d = row.direct();
                t.append(String.format(Locale.ROOT, "%7d | %10.1f %8.1f %8.1f %5.1f%% | %10.1f %8.1f %8.1f | %7.2f %7.2f%n",
                    row.clients(), s.imagesPerSecond(), s.p50Ms(), s.p99Ms(), 100 * s.refusedShare(),
                    d.imagesPerSecond(), d.p50Ms(), d.p99Ms(), row.ratio(), s.imagesPerSecond() / bestDirect()));
            }
            if (memory != null) {
                t.append(String.format(Locale.ROOT, "resident memory over %d requests at %d clients: first %.0f MiB,"
                        + " last %.0f MiB, max %.0f MiB (%d samples)%n", memory.run().requests(), memory.clients(),
                    memory.first(), memory.last(), memory.max(), memory.rssMb().length));
            }
            return t.toString();
        }
    }

    private final TryOn tryOn;
    private final List<Integer> clients;
    private final int requests;
    private final double maxSeconds;
    private final int memoryRequests;
    private final int memoryClients;
    private final double memoryMaxSeconds;
    private final int maxBatch;
    private final long maxWaitMillis;
    private final int queue;
    private final int threads;
    /** The settings the server under load starts with, checked when the benchmark was built. */
    private final Server.Builder serverSettings;

    private LoadBenchmark(Builder b) {
        this.tryOn = b.tryOn;
        this.clients = List.copyOf(b.clients);
        this.requests = b.requests;
        this.maxSeconds = b.maxSeconds;
        this.memoryRequests = b.memoryRequests;
        this.memoryClients = b.memoryClients;
        this.memoryMaxSeconds = b.memoryMaxSeconds;
        this.maxBatch = b.maxBatch;
        this.maxWaitMillis = b.maxWaitMillis;
        this.queue = b.queue;
        this.threads = b.threads;
        this.serverSettings = b.serverSettings();
    }

    /** A benchmark of this model, with every setting at its default until set. */
    public static Builder builder(TryOn tryOn) {
        return new Builder(tryOn);
    }

    /** Draws the photos, runs every client count in both modes, then the memory run; prints progress to {@code log}. */
    public Report run(PrintStream log) throws InterruptedException {
        Path folder = drawWorld();
        try {
            Path catalog = folder.resolve("train").resolve("cloth");
            String garment = WorldWriter.stem(1);
            List<byte[]> personPngs = new ArrayList<>();
            List<BufferedImage> persons = new ArrayList<>();
            for (int i = 0; i < PERSON_PHOTOS; i++) {
                Path photo = folder.resolve("train").resolve("image").resolve(WorldWriter.stem(i) + ".png");
                personPngs.add(Files.readAllBytes(photo));
                persons.add(Photos.read(photo, tryOn.imageLimits()));
            }
            BufferedImage cloth = Photos.read(catalog.resolve(garment + ".png"), tryOn.imageLimits());
            try (Server server = serverSettings.catalog(catalog).start()) {
                Client client = new Client(server.port(), personPngs, garment);
                Direct direct = new Direct(persons, cloth);
                client.run(maxBatch, WARMUP_BATCHES * maxBatch, maxSeconds, done -> { });
                direct.run(1, WARMUP_BATCHES * maxBatch, maxSeconds);
                List<Row> rows = new ArrayList<>();
                for (int c : clients) {
                    Run service = client.run(c, requests, maxSeconds, done -> { });
                    log.printf(Locale.ROOT, "service, %d clients: %.1f images/s%n", c, service.imagesPerSecond());
                    Run model = direct.run(c, requests, maxSeconds);
                    log.printf(Locale.ROOT, "direct,  %d clients: %.1f images/s%n", c, model.imagesPerSecond());
                    rows.add(new Row(c, service, model));
                }
                Memory memory = memoryRequests == 0 ? null : memoryRun(client, log);
                return new Report(tryOn.describe(), threads, maxBatch, maxWaitMillis, queue, rows, memory);
            }
        } catch (IOException e) {
            throw new UserError("cannot read the drawn photos in " + folder + ": " + e.getMessage(), e);
        } finally {
            try {
                Folders.deleteRecursively(folder);
            } catch (IOException e) {
                log.println("could not remove " + folder + ": " + e.getMessage());
            }
        }
    }

    /** The service at {@link #memoryClients} for {@link #memoryRequests}, reading VmRSS as requests complete. */
    private Memory memoryRun(Client client, PrintStream log) throws InterruptedException {
        int samples = memoryRequests / MEMORY_SAMPLE_EVERY + 2;
        int[] at = new int[samples];
        double[] rss = new double[samples];
        AtomicInteger taken = new AtomicInteger();
        // the first reading before any request of the run, then one every MEMORY_SAMPLE_EVERY answers
        IntConsumer sample = done -> {
            int k = taken.getAndIncrement();
            if (k < samples) {
                at[k] = done;
                rss[k] = ResidentMemory.megabytes();
            }
        };
        sample.accept(0);
        Run run = client.run(memoryClients, memoryRequests, memoryMaxSeconds, done -> {
            if (done % MEMORY_SAMPLE_EVERY == 0 || done == memoryRequests) {
                sample.accept(done);
            }
        });
        int n = Math.min(taken.get(), samples);
        int[] atRequests = Arrays.copyOf(at, n);
        double[] rssMb = Arrays.copyOf(rss, n);
        log.printf(Locale.ROOT, "memory run, %d requests: %.0f to %.0f MiB%n", run.requests(), rssMb[0], rssMb[n - 1]);
        return new Memory(memoryClients, run, atRequests, rssMb);
    }

    /** Draws a few people and garments into a temporary folder (removed by {@link #run}). */
    private static Path drawWorld() {
        Path folder;
        try {
            folder = Files.createTempDirectory("wuton-load");
        } catch (IOException e) {
            throw new UserError("cannot make a temporary folder for the benchmark's photos: " + e.getMessage(), e);
        }
        WorldConfig config = WorldConfig.builder(PHOTO_HEIGHT, PHOTO_WIDTH).count(PERSON_PHOTOS).testFraction(0).build();
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), folder);
        writer.prepare(false);
        writer.write(i -> { });
        return folder;
    }

    /** What the client threads of one run gather, shared between them. */
    private static final class Tally {
        final int limit;
        final long deadline;
        final AtomicInteger claimed = new AtomicInteger();
        final AtomicInteger ok = new AtomicInteger(), refused = new AtomicInteger(), errors = new AtomicInteger();
        final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        final AtomicLong lastAnswer = new AtomicLong();
        final ConcurrentLinkedQueue<String> errorMessages = new ConcurrentLinkedQueue<>();
        final long start = System.nanoTime();

        Tally(int limit, double maxSeconds) {
            this.limit = limit;
            this.deadline = start + (long) (maxSeconds * NANOS_PER_S);
        }

        /** Claims up to {@code n} of the requests left, or 0 when none are left or time is up. */
        int claim(int n) {
            if (System.nanoTime() > deadline) {
                return 0;
            }
            int before = claimed.getAndUpdate(c -> Math.min(limit, c + n));
            return Math.max(0, Math.min(n, limit - before));
        }

        void answered(long sentNanos, int images) {
            long now = System.nanoTime();
            lastAnswer.accumulateAndGet(now, Math::max);
            for (int i = 0; i < images; i++) {
                latencies.add((now - sentNanos) / NANOS_PER_MS);
            }
            ok.addAndGet(images);
        }

        void failed(String message, int images) {
            errors.addAndGet(images);
            errorMessages.add(message);
        }

        Run run(int clients) {
            double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double seconds = Math.max(0, lastAnswer.get() - start) / NANOS_PER_S;
            int answered = ok.get();
            return new Run(clients, answered + refused.get() + errors.get(), answered, refused.get(), errors.get(),
                seconds, seconds > 0 ? answered / seconds : 0, percentile(sorted, 0.5), percentile(sorted, 0.99),
                errorMessages.peek());
        }
    }

    /** Nearest-rank percentile of sorted values; NaN for none. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Starts {@code count} threads running {@code body} and waits for all of them. */
    private static void onThreads(int count, String name, Runnable body) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(body, name + "-" + i);
            t.start();
            started.add(t);
        }
        for (Thread t : started) {
            t.join();
        }
    }

    /** HTTP clients of the service: each thread sends one try-on at a time and waits for its answer. */
    private static final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
        private final URI uri;
        private final List<byte[]> bodies = new ArrayList<>();
        private final String contentType;

        Client(int port, List<byte[]> personPngs, String garment) {
            this.uri = URI.create("http://" + Server.DEFAULT_HOST + ":" + port + Server.TRYON_ROUTE);
            String boundary = "wuton-load-benchmark";
            this.contentType = "multipart/form-data; boundary=" + boundary;
            // the bodies are made once: the clients' own work should cost the shared cores as little as possible
            for (byte[] png : personPngs) {
                bodies.add(multipart(boundary, png, garment));
            }
        }

        private static byte[] multipart(String boundary, byte[] person, String garment) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"person\"; filename=\"person.png\""
                + "\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(person);
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"garment\"\r\n\r\n" + garment
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return body.toByteArray();
        }

        /** {@code clients} threads until {@code limit} requests or the time; {@code answered} sees each 200's count. */
        Run run(int clients, int limit, double maxSeconds, IntConsumer answered) throws InterruptedException {
            Tally tally = new Tally(limit, maxSeconds);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            onThreads(clients, "wuton-load-client", () -> {
                while (tally.claim(1) == 1) {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(next.getAndIncrement() % bodies.size())))
                        .build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() == 200) {
                            tally.answered(sent, 1);
                            answered.accept(done.incrementAndGet());
                        } else if (response.statusCode() == 503) {
                            tally.refused.incrementAndGet();
                            long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
                            Thread.sleep(TimeUnit.SECONDS.toMillis(wait));
                        } else {
                            tally.failed(response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8), 1);
                        }
                    } catch (IOException e) {
                        tally.failed(e.toString(), 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            return tally.run(clients);
        }
    }

    /** Threads calling the model directly, each with batches of {@link #maxBatch} decoded pictures. */
    private final class Direct {
        private final List<BufferedImage> persons;
        private final BufferedImage cloth;

        Direct(List<BufferedImage> persons, BufferedImage cloth) {
            this.persons = persons;
            this.cloth = cloth;
        }

        Run run(int clients, int limit, double maxSeconds) throws InterruptedException {
            Tally tally = new Tally(limit, maxSeconds);
            AtomicInteger next = new AtomicInteger();
            onThreads(clients, "wuton-load-direct", () -> {
                for (int n; (n = tally.claim(maxBatch)) > 0;) {
                    List<TryOn.Request> batch = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        batch.add(TryOn.Request.of(persons.get(next.getAndIncrement() % persons.size()), cloth));
                    }
                    long sent = System.nanoTime();
                    try {
                        Objects.requireNonNull(tryOn.apply(batch));
                        tally.answered(sent, n);
                    } catch (RuntimeException e) {
                        tally.failed(e.toString(), n);
                    }
                }
            });
            return tally.run(clients);
        }
    }

    /** The settings of a {@link LoadBenchmark}: the model is required, the rest hold the {@code DEFAULT_} values. */
    public static final class Builder {
        private final TryOn tryOn;
        private List<Integer> clients = DEFAULT_CLIENTS;
        private int requests = DEFAULT_REQUESTS;
        private double maxSeconds = DEFAULT_MAX_SECONDS;
        private int memoryRequests = DEFAULT_MEMORY_REQUESTS;
        private int memoryClients = DEFAULT_MEMORY_CLIENTS;
        private double memoryMaxSeconds = DEFAULT_MEMORY_MAX_SECONDS;
        private int maxBatch = Server.DEFAULT_MAX_BATCH;
        private long maxWaitMillis = Server.DEFAULT_MAX_WAIT_MS;
        private int queue = Server.DEFAULT_QUEUE;
        private int threads;

        private Builder(TryOn tryOn) {
            this.tryOn = Objects.requireNonNull(tryOn);
        }

        /** The client counts to run, in order. */
        public Builder clients(List<Integer> clients) {
            this.clients = List.copyOf(clients);
            return this;
        }

        /** Requests per client count and mode, at most. */
        public Builder requests(int requests) {
            this.requests = requests;
            return this;
        }

        /** Seconds per client count and mode, at most (the memory run has its own limit). */
        public Builder maxSeconds(double maxSeconds) {
            this.maxSeconds = maxSeconds;
            return this;
        }

        /** Requests of the resident-memory run; 0 leaves it out. */
        public Builder memoryRequests(int memoryRequests) {
            this.memoryRequests = memoryRequests;
            return this;
        }

        public Builder memoryClients(int memoryClients) {
            this.memoryClients = memoryClients;
            return this;
        }

        /** Seconds of the memory run, at most. */
        public Builder memoryMaxSeconds(double memoryMaxSeconds) {
            this.memoryMaxSeconds = memoryMaxSeconds;
            return this;
        }

        /** The server's batch, and the direct calls' batch. */
        public Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        public Builder maxWaitMillis(long maxWaitMillis) {
            this.maxWaitMillis = maxWaitMillis;
            return this;
        }

        public Builder queue(int queue) {
            this.queue = queue;
            return this;
        }

        /** The libtorch thread count, for the report (the caller sets it). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Checks the settings.
         *
         * @throws UserError naming the option whose value is out of range
         */
        public LoadBenchmark build() {
            check(!clients.isEmpty() && clients.stream().allMatch(c -> c >= 1),
                "--clients " + clients + ": client counts must be at least 1");
            check(requests >= 1, "--requests " + requests + ": must be at least 1");
            check(maxSeconds > 0, "--max-seconds " + maxSeconds + ": must be above 0");
            check(memoryRequests >= 0, "--memory-requests " + memoryRequests + ": must be 0 or more");
            check(memoryMaxSeconds > 0, "memory run seconds " + memoryMaxSeconds + ": must be above 0");
            check(memoryClients >= 1, "memory clients " + memoryClients + ": must be at least 1");
            serverSettings().validate(); // the server's own settings: batch, wait, queue, a student model
            return new LoadBenchmark(this);
        }

        /** The settings of the server under load, also checked by {@link #build()}. */
        private Server.Builder serverSettings() {
            return Server.builder(tryOn).host(Server.DEFAULT_HOST).port(0).maxBatch(maxBatch).maxWaitMillis(maxWaitMillis)
                .queue(queue);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new UserError(message);
            }
        }
    }
}
