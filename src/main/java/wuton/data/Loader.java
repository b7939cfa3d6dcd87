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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.common.UserError;

/**
 * Passes over a dataset as {@link Batch}es, decoded ahead: worker threads read and resize samples, a
 * background thread assembles tensors into a bounded queue, so a training step finds its batch ready. The
 * first pass starts with the loader; {@link #startPass} begins another, in a new order, on the same threads.
 * Bad samples are skipped and counted under the {@link BadData} policy; the last batch of a pass may be short.
 *
 * <p>Threads: one consumer thread calls {@link #hasNext()}/{@link #next()}/{@link #startPass}; the loader's
 * own threads are daemons, started once and kept until {@link #close()}: threads started afresh for every pass
 * would grow the process at every epoch (glibc's malloc arenas, docs/inference.md). The consumer owns and
 * closes each batch it takes; ending a pass (a new one, or {@link #close()}) frees the batches still queued. A
 * failure on the background thread (strict mode's first bad sample, too much bad data, a bug) is rethrown by
 * {@link #hasNext()}.
 */
public final class Loader implements Iterator<Batch>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);
    /** How long the consumer waits, between emptying the queue, for an ended pass's producer to stop. */
    private static final long STOP_POLL_MS = 10;

    /**
     * How a loader reads: the size and batch size are required ({@link #builder}), the rest have defaults.
     * Build with {@code Loader.Options.builder(W, H, N).shuffled(seed).build()}.
     */
    public static final class Options {
        /** Batches that may wait assembled in the queue, unless set. */
        public static final int DEFAULT_PREFETCH = 4;

        private final int width;
        private final int height;
        private final int batchSize;
        private final int workers;
        private final int prefetch;
        private final boolean shuffle;
        private final long seed;
        private final boolean strict;
        private final double maxBad;
        private final int shard;
        private final int shards;

        private Options(Builder b) {
            if (b.width <= 0 || b.height <= 0 || b.batchSize <= 0 || b.workers <= 0 || b.prefetch <= 0) {
                throw new UserError("loader: size " + b.height + "x" + b.width + ", batch " + b.batchSize + ", workers "
                    + b.workers + " and prefetch " + b.prefetch + " must all be positive");
            }
            if (b.shards < 1 || b.shard < 0 || b.shard >= b.shards) {
                throw new UserError("loader: shard " + b.shard + " of " + b.shards + ": must be from 0 to shards - 1");
            }
            this.width = b.width;
            this.height = b.height;
            this.batchSize = b.batchSize;
            this.workers = b.workers;
            this.prefetch = b.prefetch;
            this.shuffle = b.shuffle;
            this.seed = b.seed;
            this.strict = b.strict;
            this.maxBad = b.maxBad;
            this.shard = b.shard;
            this.shards = b.shards;
        }

        /** Batches of {@code batchSize} samples resized to {@code height}x{@code width}. */
        public static Builder builder(int width, int height, int batchSize) {
            return new Builder(width, height, batchSize);
        }

        /** The training width W. */
        public int width() {
            return width;
        }

        /** The training height H. */
        public int height() {
            return height;
        }

        /** N. */
        public int batchSize() {
            return batchSize;
        }

        /** The number of decoding threads. */
        public int workers() {
            return workers;
        }

        /** How many assembled batches may wait in the queue. */
        public int prefetch() {
            return prefetch;
        }

        /** Whether the samples are visited in a random order. */
        public boolean shuffle() {
            return shuffle;
        }

        /** The seed of the first pass's order. */
        public long seed() {
            return seed;
        }

        /** Whether the first bad sample is fatal. */
        public boolean strict() {
            return strict;
        }

        /** The tolerated fraction of bad samples. */
        public double maxBad() {
            return maxBad;
        }

        /** Which of the {@link #shards()} disjoint parts of each pass this loader reads: a data-parallel rank. */
        public int shard() {
            return shard;
        }

        /** Into how many disjoint parts each pass is cut; 1 reads it all. */
        public int shards() {
            return shards;
        }

        /** Decoding threads by default: one fewer than the cores, so the training step keeps one; at least one. */
        public static int defaultWorkers() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        }

        /** The settings of {@link Options}, each with its default until set. */
        public static final class Builder {
            private final int width;
            private final int height;
            private final int batchSize;
            private int workers = defaultWorkers();
            private int prefetch = DEFAULT_PREFETCH;
            private boolean shuffle;
            private long seed;
            private boolean strict;
            private double maxBad = BadData.DEFAULT_MAX_FRACTION;
            private int shard = 0;
            private int shards = 1;

            private Builder(int width, int height, int batchSize) {
                this.width = width;
                this.height = height;
                this.batchSize = batchSize;
            }

            /** Decoding threads; by default {@link #defaultWorkers()}. */
            public Builder workers(int workers) {
                this.workers = workers;
                return this;
            }

            /** Assembled batches that may wait; by default {@value #DEFAULT_PREFETCH}. */
            public Builder prefetch(int prefetch) {
                this.prefetch = prefetch;
                return this;
            }

            /** Visit the samples in a random order from {@code seed}; by default they come in dataset order. */
            public Builder shuffled(long seed) {
                this.shuffle = true;
                this.seed = seed;
                return this;
            }

            /** Whether the first bad sample is fatal; by default bad samples are skipped up to {@link #maxBad}. */
            public Builder strict(boolean strict) {
                this.strict = strict;
                return this;
            }

            /** The tolerated fraction of bad samples; by default {@link BadData#DEFAULT_MAX_FRACTION}. */
            public Builder maxBad(double fraction) {
                this.maxBad = fraction;
                return this;
            }

            /**
             * Reads only part {@code shard} of {@code shards} of each pass: the pass's order (shuffled with the seed
             * every part shares) cut to a multiple of {@code shards} samples, then every {@code shards}-th sample
             * from position {@code shard}. The parts are disjoint, equal in size, and together hold the first
             * samples of the one-process order; by default one part, the whole pass.
             */
            public Builder shard(int shard, int shards) {
                this.shard = shard;
                this.shards = shards;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }

    private record End() {
    }

    private record Failure(RuntimeException error) {
    }

    /** The state of one pass that its producer and the consumer share. */
    private static final class Pass {
        final BadData badData;
        /** Counted down when the producer has stopped putting into the queue for this pass. */
        final CountDownLatch produced = new CountDownLatch(1);
        /** Set by the consumer to end the pass early; the producer stops at its next sample. */
        volatile boolean cancelled;

        Pass(BadData badData) {
            this.badData = badData;
        }
    }

    private final Dataset dataset;
    private final Options options;
    private final ExecutorService workers;
    /** Runs each pass's {@link #produce}, one at a time, on one thread for the loader's life. */
    private final ExecutorService producer;
    private final BlockingQueue<Object> queue;
    private Pass pass;
    private Object peeked;

    /** Starts the loader's threads and its first pass, in the order of {@link Options#seed()}. */
    public Loader(Dataset dataset, Options options) {
        this.dataset = dataset;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.prefetch());
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> daemon(r, "wuton-decode"));
        this.producer = Executors.newSingleThreadExecutor(r -> daemon(r, "wuton-loader"));
        begin(options.seed());
    }

    /**
     * Ends the current pass, freeing the batches not taken, and starts a new one over the same dataset, shuffled
     * with {@code shuffleSeed} when the options shuffle. Its bad data is counted afresh.
     */
    public void startPass(long shuffleSeed) {
        endPass();
        begin(shuffleSeed);
    }

    /** The bad-data tally of the current pass; complete once {@link #hasNext()} has returned false. */
    public BadData badData() {
        return pass.badData;
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
        endPass();
        producer.shutdownNow();
        workers.shutdownNow();
    }

    private void begin(long shuffleSeed) {
        List<Integer> all = new ArrayList<>(IntStream.range(0, dataset.size()).boxed().toList());
        if (options.shuffle()) {
            Collections.shuffle(all, new Random(shuffleSeed));
        }
        List<Integer> order = options.shards() > 1 ? shardOf(all, options.shard(), options.shards()) : all;
        Pass started = new Pass(new BadData(options.strict(), options.maxBad(), order.size()));
        pass = started;
        producer.execute(() -> {
            try {
                produce(order, started);
            } finally {
                started.produced.countDown();
            }
        });
    }

    /**
     * Ends the current pass: its producer stops at its next sample; until it has, the queue is emptied so that
     * it is never stuck putting a batch. Frees every batch of the pass not taken.
     */
    private void endPass() {
        pass.cancelled = true;
        try {
            while (!pass.produced.await(STOP_POLL_MS, TimeUnit.MILLISECONDS)) {
                closeQueued();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQueued();
        if (peeked instanceof Batch b) {
            b.close();
        }
        peeked = null;
    }

    private void produce(List<Integer> order, Pass pass) {
        Deque<Future<EncodedSample>> ahead = new ArrayDeque<>();
        try {
            Iterator<Integer> todo = order.iterator();
            List<EncodedSample> batch = new ArrayList<>();
            int window = 2 * options.workers();
            while ((todo.hasNext() || !ahead.isEmpty()) && !pass.cancelled) {
                while (todo.hasNext() && ahead.size() < window) {
                    int i = todo.next();
                    ahead.add(workers.submit(() -> prepare(i)));
                }
                EncodedSample p = take(ahead.removeFirst(), pass.badData);
                if (p != null) {
                    batch.add(p);
                }
                if (batch.size() == options.batchSize()) {
                    emit(batch);
                }
            }
            if (pass.cancelled) {
                return;
            }
            if (!batch.isEmpty()) {
                emit(batch);
            }
            if (pass.badData.count() > 0) {
                LOG.warn("{}; first: {}", pass.badData.summary(), pass.badData.messages().get(0));
            }
            queue.put(new End());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            closeQueued();
            queue.offer(new Failure(e instanceof RuntimeException r ? r : new IllegalStateException(e)));
        } finally {
            // the samples still being read are not wanted: the workers go on to the next pass's
            ahead.forEach(f -> f.cancel(false));
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
    private static EncodedSample take(Future<EncodedSample> future, BadData tally) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadSampleException bad) {
                tally.record(bad);
                return null;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Positions {@code shard}, {@code shard + shards}, ... of {@code order}, cut first to a multiple of
     * {@code shards}: with batch B, batch k of every shard together holds positions k*B*shards to (k+1)*B*shards - 1,
     * the samples of a one-process batch of B*shards (in another arrangement).
     */
    static List<Integer> shardOf(List<Integer> order, int shard, int shards) {
        int usable = order.size() / shards * shards;
        List<Integer> part = new ArrayList<>(usable / shards);
        for (int i = shard; i < usable; i += shards) {
            part.add(order.get(i));
        }
        return part;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
