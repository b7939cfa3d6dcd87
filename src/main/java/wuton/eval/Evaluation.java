package wuton.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import wuton.data.BadData;
import wuton.data.Batch;
import wuton.data.Dataset;
import wuton.data.Loader;
import wuton.data.AnalysedParsing;
import wuton.data.NoisyParsing;
import wuton.data.PhotoAnalysis;
import wuton.data.Pairing;
import wuton.data.SampleFiles;
import wuton.data.Split;
import wuton.image.ImageFiles;
import wuton.vision.InceptionV3;

/**
 * Runs models over the test pairs of a dataset and measures their results: SSIM, PSNR and L1 against the ground
 * truth where the data has one (overall and per {@link Region} where the truth is parsed), LPIPS against it when
 * an {@link Lpips} is given, FID and KID on Mixed_6c features when the shipped ImageNet layers are given
 * ({@link InceptionV3#mixed6c}), and the standard FID, KID and Inception score when a full torchvision
 * {@link InceptionV3} is given. The real images of FID and KID are the ground truths where there are some, else the
 * test persons. Each batch runs in its own {@link PointerScope}.
 *
 * <p>In unpaired mode on data with a ground truth, the {@link Identity} baseline runs first, so that every table
 * shows what returning the person unchanged scores. In paired mode the person is the truth and the baseline would be
 * perfect, so there is none.
 */
public final class Evaluation {
    /**
     * What an evaluation runs on and measures. Made with {@link #builder}: the data and the mode are required, the
     * rest holds the defaults the builder declares until set.
     *
     * @param data       the dataset folder
     * @param mode       paired (the person is the truth) or unpaired
     * @param batchSize  pairs per batch
     * @param limit      evaluate the first {@code limit} test pairs only; 0 for all
     * @param seed       the seed of the unpaired shuffle (datasets without an unpaired pair file) and of KID's subsets
     * @param examples   how many pairs the report shows
     * @param inception  the full torchvision network for the standard FID, KID and IS, or null
     * @param noInception why there is none (reported in place of those metrics)
     * @param mixed6c    the shipped layers ({@link InceptionV3.Layout#KERAS_TO_MIXED_6C}) for FID and KID on
     *                   Mixed_6c features, or null
     * @param noMixed6c  why there are none
     * @param lpips      the network for LPIPS, or null
     * @param noLpips    why there is none
     * @param degradedParsing also open the degraded parsing maps, for models whose {@link EvaluatedModel#parsing()}
     *                   is {@link Parsing#DEGRADED}
     * @param photoParsing h(p), for models whose {@link EvaluatedModel#parsing()} is {@link Parsing#PHOTO}, or null
     * @param maxBad     the fraction of bad test pairs tolerated ({@code --max-bad})
     */
    public record Settings(java.nio.file.Path data, Pairing mode, int batchSize, int limit, long seed, int examples,
                           InceptionV3 inception, String noInception, InceptionV3 mixed6c, String noMixed6c,
                           Lpips lpips, String noLpips, boolean degradedParsing, PhotoAnalysis photoParsing,
                           double maxBad) {
        // constants, not only builder fields: eval's and catalog's picocli defaults need them at compile time
        /** Pairs per batch. */
        public static final int DEFAULT_BATCH = 8;
        /** No limit: every test pair. */
        public static final int DEFAULT_LIMIT = 0;
        /** Pairs the report shows. */
        public static final int DEFAULT_EXAMPLES = 8;
        /** Seed of the unpaired shuffle and of KID's subsets. */
        public static final long DEFAULT_SEED = 0;

        /** A builder of the settings that evaluate the test pairs of {@code data} in {@code mode}. */
        public static Builder builder(java.nio.file.Path data, Pairing mode) {
            return new Builder(data, mode);
        }

        /**
         * The data and mode, required, and the other settings, each holding its default until set: every test
         * pair, no Inception or LPIPS networks, no degraded parsing maps.
         */
        public static final class Builder {
            private final java.nio.file.Path data;
            private final Pairing mode;
            private int batchSize = DEFAULT_BATCH;
            private int limit = DEFAULT_LIMIT;
            private long seed = DEFAULT_SEED;
            private int examples = DEFAULT_EXAMPLES;
            private InceptionV3 inception = null;
            private String noInception = "no Inception-v3 network given";
            private InceptionV3 mixed6c = null;
            private String noMixed6c = "no Inception-v3 Mixed_6c layers given";
            private Lpips lpips = null;
            private String noLpips = "no LPIPS network given";
            private boolean degradedParsing = false;
            private PhotoAnalysis photoParsing;
            private double maxBad = BadData.DEFAULT_MAX_FRACTION;

            private Builder(java.nio.file.Path data, Pairing mode) {
                this.data = data;
                this.mode = mode;
            }

            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            /** Evaluates the first {@code limit} test pairs only; 0 for all. */
            public Builder limit(int limit) {
                this.limit = limit;
                return this;
            }

            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            public Builder examples(int examples) {
                this.examples = examples;
                return this;
            }

            /** Measures the standard FID, KID and IS with {@code net}, a full torchvision network. */
            public Builder inception(InceptionV3 net) {
                if (Objects.requireNonNull(net, "inception").layout() != InceptionV3.Layout.TORCHVISION) {
                    throw new IllegalArgumentException("the standard FID needs the torchvision layout, not " + net.layout());
                }
                this.inception = net;
                this.noInception = null;
                return this;
            }

            /** Reports FID, KID and IS as unavailable, for {@code reason}. */
            public Builder noInception(String reason) {
                this.inception = null;
                this.noInception = Objects.requireNonNull(reason, "reason");
                return this;
            }

            /** Measures FID and KID on Mixed_6c features with {@code net}, the shipped layers. */
            public Builder mixed6c(InceptionV3 net) {
                if (Objects.requireNonNull(net, "mixed6c").layout() != InceptionV3.Layout.KERAS_TO_MIXED_6C) {
                    throw new IllegalArgumentException("Mixed_6c metrics need the shipped layers, not " + net.layout());
                }
                this.mixed6c = net;
                this.noMixed6c = null;
                return this;
            }

            /** Reports the Mixed_6c FID and KID as unavailable, for {@code reason}. */
            public Builder noMixed6c(String reason) {
                this.mixed6c = null;
                this.noMixed6c = Objects.requireNonNull(reason, "reason");
                return this;
            }

            /** Measures LPIPS with {@code net}. */
            public Builder lpips(Lpips net) {
                this.lpips = Objects.requireNonNull(net, "lpips");
                this.noLpips = null;
                return this;
            }

            /** Reports LPIPS as unavailable, for {@code reason}. */
            public Builder noLpips(String reason) {
                this.lpips = null;
                this.noLpips = Objects.requireNonNull(reason, "reason");
                return this;
            }

            /** h(p), for the models that find their parsing in the person photos. */
            public Builder photoParsing(PhotoAnalysis photoParsing) {
                this.photoParsing = photoParsing;
                return this;
            }

            /** Also opens the degraded parsing maps, for the models that read them. */
            public Builder degradedParsing(boolean degradedParsing) {
                this.degradedParsing = degradedParsing;
                return this;
            }

            public Builder maxBad(double maxBad) {
                this.maxBad = maxBad;
                return this;
            }

            /** The settings; the data is opened, and so checked, by {@link Evaluation#Evaluation}. */
            public Settings build() {
                return new Settings(data, mode, batchSize, limit, seed, examples, inception, noInception, mixed6c, noMixed6c,
                    lpips, noLpips, degradedParsing, photoParsing, maxBad);
            }
        }
    }

    private final Settings settings;
    private final Dataset dataset;
    /** The same pairs with the degraded parsing maps, or null when the settings did not ask for them. */
    private final Dataset degraded;
    /** The same pairs with h(p)'s parsing and keypoints, or null when the settings gave no h(p). */
    private final Dataset analysed;
    private final RegionLabels regions;
    /**
     * The real images' Inception features by image size ("HxW"), batch by batch: the pairs come in the same order
     * for every model, so models of one size share them instead of running the networks on the same images again.
     */
    private final Map<String, Features> realFeatures = new HashMap<>();

    /**
     * Opens the test pairs of the settings' data.
     *
     * @throws wuton.common.UserError when the data is no dataset, or has no degraded parsing maps and the settings ask for them
     */
    public Evaluation(Settings settings) {
        this.settings = settings;
        Dataset all = Dataset.open(settings.data(), Split.TEST, settings.mode(), settings.seed());
        this.dataset = settings.limit() > 0 && settings.limit() < all.size() ? new FirstPairs(all, settings.limit()) : all;
        this.degraded = settings.degradedParsing() ? NoisyParsing.of(dataset) : null;
        this.analysed = settings.photoParsing() != null ? new AnalysedParsing(dataset, settings.photoParsing()) : null;
        this.regions = new RegionLabels(dataset);
    }

    /** The number of test pairs each model runs on (before bad ones are skipped). */
    public int pairs() {
        return dataset.size();
    }

    /** Whether the pairs have a ground truth other than the person: unpaired mode on data that has one (the synthetic world). */
    public boolean hasUnpairedTruth() {
        return settings.mode() == Pairing.UNPAIRED && dataset.size() > 0 && dataset.files(0).truth() != null;
    }

    /**
     * The models {@link #run} evaluates, in order: the {@link Identity} baseline first where the pairs have an
     * unpaired truth, then the models given. The baseline is scored at the first model's size: where models of
     * several sizes are compared, the others are measured at their own sizes against a baseline at the first's.
     */
    public List<EvaluatedModel> lineUp(List<? extends EvaluatedModel> models) {
        List<EvaluatedModel> all = new ArrayList<>();
        if (hasUnpairedTruth() && !models.isEmpty()) {
            all.add(new Identity(models.get(0).height(), models.get(0).width()));
        }
        all.addAll(models);
        return all;
    }

    /**
     * Evaluates the models of {@link #lineUp} one after the other on the same pairs.
     *
     * @param progress told the number of pairs in each batch once it is measured
     */
    public EvalResults run(List<? extends EvaluatedModel> models, String wutonVersion, IntConsumer progress) {
        List<EvaluatedModel> all = lineUp(models);
        boolean withBaseline = all.size() > models.size();
        List<ModelResult> results = new ArrayList<>();
        Map<String, ExampleImages> examples = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            results.add(evaluate(all.get(i), i, withBaseline && i == 0, examples, progress));
        }
        List<Example> rows = examples.values().stream().map(e -> e.toExample(all.size())).toList();
        return new EvalResults(settings.mode(), settings.data().toAbsolutePath().normalize(), Instant.now(), wutonVersion,
            results, rows);
    }

    /** Model number {@code index} of the line-up over every pair; {@code baseline} when it is the one lineUp added. */
    private ModelResult evaluate(EvaluatedModel model, int index, boolean baseline, Map<String, ExampleImages> examples,
                                 IntConsumer progress) {
        String size = model.height() + "x" + model.width();
        boolean knownReal = realFeatures.containsKey(size);
        Accumulator acc = new Accumulator(realFeatures.computeIfAbsent(size, k -> new Features()), knownReal);
        try (Loader loader = new Loader(pairsFor(model), Loader.Options.builder(model.width(), model.height(), settings.batchSize())
            .maxBad(settings.maxBad()).build())) {
            while (loader.hasNext()) {
                try (Batch batch = loader.next(); PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                    Tensor result = model.tryOn(batch);
                    measure(model, batch, result, acc);
                    keepExamples(batch, result, index, examples);
                    progress.accept(batch.size());
                }
            }
        }
        return acc.result(model, settings, baseline);
    }

    /** The pairs as the model reads them: with the parsing it asks for. */
    private Dataset pairsFor(EvaluatedModel model) {
        Dataset pairs = switch (model.parsing()) {
            case EXACT -> dataset;
            case DEGRADED -> degraded;
            case PHOTO -> analysed;
        };
        if (pairs == null) {
            throw new IllegalStateException(model.name() + " reads " + model.parsing() + " parsing, which the settings did not open");
        }
        return pairs;
    }

    private void measure(EvaluatedModel model, Batch batch, Tensor result, Accumulator acc) {
        acc.count += batch.size();
        Tensor truth = batch.truth();
        if (truth == null) {
            acc.missingTruth = true;
        } else {
            Tensor target = truth.to(result);
            if (settings.lpips() != null) {
                for (double d : DoubleTensors.values(settings.lpips().forward(result, target))) {
                    acc.lpips.add(d);
                }
            }
            List<PixelErrors> errors = PixelErrors.of(result, target);
            for (int i = 0; i < errors.size(); i++) {
                acc.overall.add(errors.get(i).scores());
                if (regions.available()) {
                    byte[] labels = regions.of(batch.personIds().get(i), batch.clothIds().get(i), model.width(), model.height());
                    for (Region r : Region.values()) {
                        PixelErrors.Scores s = errors.get(i).scores(labels, r.ordinal());
                        if (s != null) {
                            acc.regions.get(r).add(s);
                        }
                    }
                }
            }
        }
        boolean features = settings.inception() != null || settings.mixed6c() != null;
        // the real images' features, for FID and KID, unless known already: copied to the device only for them
        Tensor real = acc.knownReal || !features ? null : (truth != null ? truth : batch.person()).to(result);
        if (settings.inception() != null) {
            InceptionV3.Outputs fake = settings.inception().forward(result);
            acc.fake.pool3.add(DoubleTensors.values(fake.pool3()));
            acc.logits.add(DoubleTensors.values(fake.logits()));
            if (real != null) {
                acc.real.pool3.add(DoubleTensors.values(settings.inception().features(real)));
            }
        }
        if (settings.mixed6c() != null) {
            acc.fake.mixed6c.add(DoubleTensors.values(settings.mixed6c().features(result)));
            if (real != null) {
                acc.real.mixed6c.add(DoubleTensors.values(settings.mixed6c().features(real)));
            }
        }
    }

    /** Inception features of a set of images, batch by batch: pool3 (2048 a row) and Mixed_6c (768 a row). */
    private static final class Features {
        final List<double[]> pool3 = new ArrayList<>();
        final List<double[]> mixed6c = new ArrayList<>();
    }

    /** Adds model number {@code index}'s results to the rows of the first pairs. */
    private void keepExamples(Batch batch, Tensor result, int index, Map<String, ExampleImages> examples) {
        for (int i = 0; i < batch.size(); i++) {
            String key = batch.personIds().get(i) + "__" + batch.clothIds().get(i);
            ExampleImages row = examples.get(key);
            if (row == null) {
                if (examples.size() >= settings.examples()) {
                    continue;
                }
                row = new ExampleImages(batch.personIds().get(i), batch.clothIds().get(i), png(batch.person(), i),
                    png(batch.cloth(), i), batch.truth() == null ? null : png(batch.truth(), i));
                examples.put(key, row);
            }
            row.results.put(index, png(result, i));
        }
    }

    /** Image i of a batch, (N, 3, H, W) in [-1, 1], as PNG bytes. */
    static byte[] png(Tensor images, int i) {
        int h = Math.toIntExact(images.size(2));
        int w = Math.toIntExact(images.size(3));
        double[] v = DoubleTensors.values(images.narrow(0, i, 1));
        int plane = h * w;
        int[] rgb = new int[plane];
        for (int p = 0; p < plane; p++) {
            rgb[p] = byteOf(v[p]) << 16 | byteOf(v[plane + p]) << 8 | byteOf(v[2 * plane + p]);
        }
        return ImageFiles.rgbPng(rgb, w, h);
    }

    /** [-1, 1] to 0-255, clamped. */
    private static int byteOf(double v) {
        return (int) Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
    }

    /**
     * The example images collected so far for one pair; by model index, since a model that could not read the pair
     * (a bad file in the data it reads) has none.
     */
    private static final class ExampleImages {
        final String personId;
        final String clothId;
        final byte[] person;
        final byte[] cloth;
        final byte[] truth;
        final Map<Integer, byte[]> results = new HashMap<>();

        ExampleImages(String personId, String clothId, byte[] person, byte[] cloth, byte[] truth) {
            this.personId = personId;
            this.clothId = clothId;
            this.person = person;
            this.cloth = cloth;
            this.truth = truth;
        }

        /** The row with one result (or null) for each of the {@code models} models. */
        Example toExample(int models) {
            List<byte[]> each = new ArrayList<>(models);
            for (int m = 0; m < models; m++) {
                each.add(results.get(m));
            }
            return new Example(personId, clothId, person, cloth, Collections.unmodifiableList(each), truth);
        }
    }

    /** What one model's batches add up to. */
    private static final class Accumulator {
        /** Why the Inception score is missing even where FID and KID on Mixed_6c are measured. */
        private static final String IS_NEEDS_LOGITS = "the Inception score needs the 1000 ImageNet logits of full "
            + "torchvision weights; the shipped Mixed_6c layers have no classifier";
        int count;
        boolean missingTruth;
        final List<PixelErrors.Scores> overall = new ArrayList<>();
        final List<Double> lpips = new ArrayList<>();
        final Map<Region, List<PixelErrors.Scores>> regions = new EnumMap<>(Region.class);
        final Features fake = new Features();
        final Features real;
        /** Whether real already holds every batch (from an earlier model of the same size). */
        final boolean knownReal;
        final List<double[]> logits = new ArrayList<>();

        Accumulator(Features real, boolean knownReal) {
            this.real = real;
            this.knownReal = knownReal;
            for (Region r : Region.values()) {
                regions.put(r, new ArrayList<>());
            }
        }

        ModelResult result(EvaluatedModel model, Settings settings, boolean baseline) {
            Map<MetricName, Metric> metrics = new EnumMap<>(MetricName.class);
            String noTruth = missingTruth || overall.isEmpty() ? "the data has no ground truth for these pairs" : null;
            metrics.putAll(pixelMetrics(overall, noTruth));
            String noLpips = settings.lpips() == null ? settings.noLpips() : noTruth;
            metrics.put(MetricName.LPIPS, noLpips != null ? new Metric.Unavailable(noLpips)
                : new Metric.Measured(Summary.of(lpips.stream().mapToDouble(Double::doubleValue).toArray())));
            metrics.putAll(inceptionMetrics(settings));
            Map<Region, Map<MetricName, Metric>> byRegion = new EnumMap<>(Region.class);
            if (!missingTruth && regions.values().stream().anyMatch(l -> !l.isEmpty())) {
                for (Region r : Region.values()) {
                    byRegion.put(r, pixelMetrics(regions.get(r), regions.get(r).isEmpty() ? "no test pair has pixels of this region" : null));
                }
            }
            return new ModelResult(model.name(), model.source(), count, metrics, byRegion, baseline);
        }

        private Map<MetricName, Metric> inceptionMetrics(Settings settings) {
            Map<MetricName, Metric> out = new EnumMap<>(MetricName.class);
            String tooFew = count < 2 ? "FID, KID and IS need at least 2 images" : null;
            String noMixed6c = settings.mixed6c() == null ? settings.noMixed6c() : tooFew;
            out.putAll(distances(MetricName.FID_MIXED6C, MetricName.KID_MIXED6C, noMixed6c, real.mixed6c, fake.mixed6c,
                InceptionV3.MIXED_6C_FEATURES, settings.seed()));
            String noPool3 = settings.inception() == null ? settings.noInception() : tooFew;
            out.putAll(distances(MetricName.FID, MetricName.KID, noPool3, real.pool3, fake.pool3, InceptionV3.FEATURES,
                settings.seed()));
            if (noPool3 != null) {
                out.put(MetricName.IS, new Metric.Unavailable(settings.inception() == null ? noPool3 + "; " + IS_NEEDS_LOGITS : noPool3));
            } else {
                try (PointerScope scope = new PointerScope()) {
                    Tensor classes = stack(logits, InceptionV3.CLASSES);
                    out.put(MetricName.IS, new Metric.Measured(InceptionScore.of(classes, InceptionScore.splits(classes.size(0)))));
                }
            }
            return out;
        }

        /** FID and KID between the real and the generated features, or both unavailable for {@code reason}. */
        private static Map<MetricName, Metric> distances(MetricName fid, MetricName kid, String reason, List<double[]> real,
                                                         List<double[]> fake, int columns, long seed) {
            Map<MetricName, Metric> out = new EnumMap<>(MetricName.class);
            if (reason != null) {
                out.put(fid, new Metric.Unavailable(reason));
                out.put(kid, new Metric.Unavailable(reason));
                return out;
            }
            try (PointerScope scope = new PointerScope()) {
                Tensor realRows = stack(real, columns);
                Tensor fakeRows = stack(fake, columns);
                out.put(fid, new Metric.Single(Fid.between(realRows, fakeRows)));
                out.put(kid, new Metric.Measured(Kid.between(realRows, fakeRows, Kid.DEFAULT_SUBSETS, Kid.DEFAULT_SUBSET_SIZE, seed)));
            }
            return out;
        }

        private static Map<MetricName, Metric> pixelMetrics(List<PixelErrors.Scores> scores, String unavailable) {
            Map<MetricName, Metric> out = new EnumMap<>(MetricName.class);
            if (unavailable != null) {
                for (MetricName m : List.of(MetricName.SSIM, MetricName.PSNR, MetricName.L1)) {
                    out.put(m, new Metric.Unavailable(unavailable));
                }
                return out;
            }
            out.put(MetricName.SSIM, summary(scores, PixelErrors.Scores::ssim));
            out.put(MetricName.PSNR, summary(scores, PixelErrors.Scores::psnr));
            out.put(MetricName.L1, summary(scores, PixelErrors.Scores::l1));
            return out;
        }

        private static Metric summary(List<PixelErrors.Scores> scores, java.util.function.ToDoubleFunction<PixelErrors.Scores> metric) {
            return new Metric.Measured(Summary.of(scores.stream().mapToDouble(metric).toArray()));
        }

        /** Rows of (rows, columns) values, one array per batch, as one (N, columns) float64 tensor. */
        private static Tensor stack(List<double[]> batches, int columns) {
            int total = batches.stream().mapToInt(b -> b.length).sum();
            double[] all = new double[total];
            int at = 0;
            for (double[] b : batches) {
                System.arraycopy(b, 0, all, at, b.length);
                at += b.length;
            }
            return DoubleTensors.of(all, total / columns, columns);
        }
    }

    /** The first pairs of a dataset. */
    private record FirstPairs(Dataset all, int size) implements Dataset {
        @Override
        public wuton.data.Sample get(int i) {
            return all.get(i);
        }

        @Override
        public SampleFiles files(int i) {
            return all.files(i);
        }

        @Override
        public wuton.data.DatasetFormat format() {
            return all.format();
        }
    }
}
