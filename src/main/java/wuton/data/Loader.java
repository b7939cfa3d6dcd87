package wuton.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.UserError;

/**
 * One pass over a dataset as {@link Batch}es, decoded ahead: worker threads read and resize samples,
 * a background thread assembles tensors into a bounded queue, so a training step finds its batch ready.
 * Bad samples are skipped and counted under the {@link BadData} policy; the last batch may be short.
 *
 * <p>Threads: one consumer thread calls {@link #hasNext()}/{@link #next()}; the loader's own threads are
 * daemons. The consumer owns and closes each batch it takes; {@link #close()} stops the threads and frees
 * the batches still queued. A failure on the background thread (strict mode's first bad sample, too much
 * bad data, a bug) is rethrown by {@link #hasNext()}.
 */
public final class Loader implements Iterator<Batch>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    /**
     * @param width     the training width W
     * @param height    the training height H
     * @param batchSize N
     * @param workers   the number of decoding threads
     * @param prefetch  how many assembled batches may wait in the queue
     * @param shuffle   visit the samples in a random order
     * @param seed      the seed of that order
     * @param strict    the first bad sample is fatal
     * @param maxBad    the tolerated fraction of bad samples
     */
    public record Options(int width, int height, int batchSize, int workers, int prefetch,
                          boolean shuffle, long seed, boolean strict, double maxBad) {
        public Options {
            if (width <= 0 || height <= 0 || batchSize <= 0 || workers <= 0 || prefetch <= 0) {
                throw new UserError("loader: size " + height + "x" + width + ", batch " + batchSize + ", workers "
                    + workers + " and prefetch " + prefetch + " must all be positive");
            }
        }

        /** Defaults: {@code height}x{@code width}, in order, tolerating {@link BadData#DEFAULT_MAX_FRACTION} bad data. */
        public static Options of(int width, int height, int batchSize) {
            return new Options(width, height, batchSize, Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                4, false, 0, false, BadData.DEFAULT_MAX_FRACTION);
        }

        /** These options, tolerating another fraction of bad samples. */
        public Options withMaxBad(double fraction) {
            return new Options(width, height, batchSize, workers, prefetch, shuffle, seed, strict, fraction);
        }
    }

    private record End() {
    }

    private record Failure(RuntimeException error) {
    }

    private final Dataset dataset;
    private final Options options;
    private final BadData badData;
    private final BlockingQueue<Object> queue;
    private final ExecutorService workers;
    private final Thread producer;
    private Object peeked;

    public Loader(Dataset dataset, Options options) {
        this.dataset = dataset;
        this.options = options;
        this.badData = new BadData(options.strict(), options.maxBad(), dataset.size());
        this.queue = new ArrayBlockingQueue<>(options.prefetch());
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> daemon(r, "wuton-decode"));
        this.producer = daemon(this::produce, "wuton-loader");
        producer.start();
    }

    /** The bad-data tally; complete once {@link #hasNext()} has returned false. */
    public BadData badData() {
        return badData;
    }

    @Override
    public boolean hasNext() {
        if (peeked == null) {
            try {
                peeked = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
        if (peeked instanceof Failure f) {
            throw f.error();
        }
        return peeked instanceof Batch;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch batch = (Batch) peeked;
        peeked = null;
        return batch;
    }

    @Override
    public void close() {
        producer.interrupt();
        workers.shutdownNow();
        try {
            producer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQueued();
        if (peeked instanceof Batch b) {
            b.close();
        }
        peeked = null;
    }

    private void produce() {
        try {
            List<Integer> order = new ArrayList<>(IntStream.range(0, dataset.size()).boxed().toList());
            if (options.shuffle()) {
                Collections.shuffle(order, new Random(options.seed()));
            }
            Iterator<Integer> todo = order.iterator();
            Deque<Future<EncodedSample>> ahead = new ArrayDeque<>();
            List<EncodedSample> batch = new ArrayList<>();
            int window = 2 * options.workers();
            while (todo.hasNext() || !ahead.isEmpty()) {
                while (todo.hasNext() && ahead.size() < window) {
                    int i = todo.next();
                    ahead.add(workers.submit(() -> prepare(i)));
                }
                EncodedSample p = take(ahead.removeFirst());
                if (p != null) {
                    batch.add(p);
                }
                if (batch.size() == options.batchSize()) {
                    emit(batch);
                }
            }
            if (!batch.isEmpty()) {
                emit(batch);
            }
            if (badData.count() > 0) {
                LOG.warn("{}; first: {}", badData.summary(), badData.messages().get(0));
            }
            queue.put(new End());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            closeQueued();
            queue.offer(new Failure(e instanceof RuntimeException r ? r : new IllegalStateException(e)));
        } finally {
            workers.shutdownNow();
        }
    }

    private void emit(List<EncodedSample> batch) throws InterruptedException {
        queue.put(Batch.assemble(List.copyOf(batch)));
        batch.clear();
    }

    private void closeQueued() {
        for (Object o = queue.poll(); o != null; o = queue.poll()) {
            if (o instanceof Batch b) {
                b.close();
            }
        }
    }

    private EncodedSample prepare(int i) {
        return EncodedSample.of(dataset.get(i).resized(options.width(), options.height()));
    }

    /** The prepared sample, or null when it was bad (and counted). */
    private EncodedSample take(Future<EncodedSample> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadSampleException bad) {
                badData.record(bad);
                return null;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
