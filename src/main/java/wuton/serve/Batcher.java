package wuton.serve;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.TryOn;

/**
 * Gathers the try-on requests that arrive together into one model call. One thread takes the oldest request,
 * waits at most {@code maxWait} for more, up to {@code maxBatch} in all, and runs them as one batch: a forward
 * pass over several samples costs little more than over one, and {@link TryOn} runs one forward pass at a time
 * anyway. The queue is bounded: a request that finds it full is refused at once (the caller answers 503) rather
 * than held in memory.
 *
 * <p>Native memory: every batch runs on this one thread, and {@link TryOn#apply(List)} opens its own
 * {@code PointerScope} around the forward pass, so each batch's tensors are freed when its call returns.
 */
final class Batcher implements AutoCloseable {
    /** How long the batcher thread sleeps between looks at the queue when idle, so it notices {@link #close}. */
    private static final long IDLE_POLL_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    /** A request waiting for its picture. */
    private record Job(TryOn.Request request, CompletableFuture<BufferedImage> result) {
    }

    private final BlockingQueue<Job> queue;
    private final Function<List<TryOn.Request>, List<BufferedImage>> model;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Metrics metrics;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the batcher thread.
     *
     * @param model one call per batch, the results in the requests' order ({@code tryOn::apply})
     */
    Batcher(Function<List<TryOn.Request>, List<BufferedImage>> model, int maxBatch, long maxWaitMillis, int capacity,
            Metrics metrics) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
        this.thread = new Thread(this::loop, "wuton-batcher");
        thread.start();
    }

    /**
     * Queues a request.
     *
     * @throws ApiError 503 when the queue is full or the batcher is stopping
     */
    CompletableFuture<BufferedImage> submit(TryOn.Request request) {
        if (closed) {
            throw ApiError.unavailable("the service is stopping", 5);
        }
        Job job = new Job(request, new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw ApiError.unavailable("busy: " + queue.size() + " try-ons are already waiting; try again shortly", 1);
        }
        return job.result();
    }

    /** Requests waiting, not counting the batch being run. */
    int queueDepth() {
        return queue.size();
    }

    private void loop() {
        while (!closed || !queue.isEmpty()) {
            try {
                List<Job> batch = nextBatch();
                if (!batch.isEmpty()) {
                    run(batch);
                }
            } catch (InterruptedException e) {
                // close() waits for the queue to drain; an interrupt only means stop waiting for more requests
                Thread.currentThread().interrupt();
                break;
            }
        }
        // a request that slipped in as close() began would otherwise wait for ever
        for (Job late; (late = queue.poll()) != null;) {
            late.result().completeExceptionally(ApiError.unavailable("the service is stopping", 5));
        }
    }

    /** The oldest request and whatever follows it within {@code maxWait}, or none after an idle poll. */
    private List<Job> nextBatch() throws InterruptedException {
        List<Job> batch = new ArrayList<>(maxBatch);
        Job first = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Job> batch) {
        metrics.batch(batch.size());
        try {
            List<BufferedImage> results = model.apply(batch.stream().map(Job::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException | Error e) {
            // every request of the batch shares the failure; the thread goes on with the next batch
            LOG.warn("a batch of {} try-ons failed", batch.size(), e);
            metrics.batchFailed();
            batch.forEach(job -> job.result().completeExceptionally(e));
        }
    }

    /**
     * Refuses new requests, runs the ones already queued, and returns when the last has its result (or after
     * {@code timeoutMillis}).
     */
    void close(long timeoutMillis) throws InterruptedException {
        closed = true;
        thread.join(timeoutMillis);
    }

    @Override
    public void close() throws InterruptedException {
        close(Long.MAX_VALUE / 2);
    }
}
