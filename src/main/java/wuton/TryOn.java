package wuton;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.common.Home;
import wuton.common.UserError;
import wuton.data.ImageTensors;
import wuton.data.PhotoAnalysis;
import wuton.image.ImageLimits;
import wuton.image.Letterbox;
import wuton.image.PhotoComposite;
import wuton.image.Photos;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.Keypoints;
import wuton.model.Composition;
import wuton.model.ModelConfig;
import wuton.model.Stage;
import wuton.model.Wuton;
import wuton.modelfile.InferenceOptions;
import wuton.modelfile.TrainedModel;
import wuton.nn.NativeRuntime;
import wuton.nn.NonFiniteException;

/**
 * Virtual try-on from Java: a person photo and a garment photo in, the person wearing the garment out, at
 * the person photo's own size.
 *
 * <pre>{@code
 * try (TryOn tryOn = TryOn.load(Path.of("runs/student"))) {
 *     BufferedImage result = tryOn.apply(ImageIO.read(personFile), ImageIO.read(garmentFile));
 * }
 * }</pre>
 *
 * <p>Any image size works: each picture is fitted into the model's frame keeping its aspect ratio (the
 * person padded with its own edge pixels, the garment with white), and the output is cut out of the frame and
 * scaled back (see {@link Letterbox}). A student model needs nothing else. A teacher sees the agnostic
 * person p*, made from each person's parsing map and pose: give them ({@link Request#withParsing}) or let
 * h(p) find them in the photo ({@link PhotoAnalysis}: the shipped pose and person-mask models, loaded at the
 * first request without them).
 *
 * <p>Concurrency: one instance may be shared by any number of threads. Fitting and un-fitting run in
 * parallel (in Java's common fork-join pool, several pictures at a time); the forward passes take turns under
 * a lock, since a libtorch module is
 * not documented as safe to run from several threads at once, and one forward pass already uses every core
 * libtorch was given. For throughput, pass several requests at once: {@link #apply(List)} runs them as one
 * batch.
 *
 * <p>Limits: fitting costs time in proportion to a picture's pixels (a 20000 x 20000 one takes most of a
 * minute), so pictures over {@link #imageLimits()} are refused, and {@link #read} refuses photo files over them
 * before decoding. The default is {@link ImageLimits#DEFAULT}; {@link #setImageLimits} changes it.
 */
public final class TryOn implements AutoCloseable {
    /** The model shipped with wuton, relative to its home folder. */
    public static final String DEFAULT_MODEL = "models/wuton-student.safetensors";
    /** The system property naming wuton's home folder (the launcher sets it); else the working directory. */
    public static final String HOME_PROPERTY = Home.PROPERTY;
    /** {@link Framing#PERSON}'s margin: the person's width (height) over this, on each side. */
    private static final int PERSON_MARGIN = 10;
    private static final Scalar ONE = new Scalar(1.0);
    /** Half the 255 levels of a byte: [-1, 1] times this, plus this, is levels. */
    private static final Scalar HALF_LEVELS = new Scalar(127.5);

    static {
        // OpenBLAS's threads and the padded-layout probe, before any model runs (docs/native.md)
        NativeRuntime.configure();
    }

    /**
     * One try-on: a person and a garment; for a teacher model, where they are known, also the person's parsing
     * map (LIP ids, the person's size) and keypoints (pixels of the person). Images of any type; they are not
     * modified.
     */
    public record Request(BufferedImage person, BufferedImage cloth, Plane parse, Keypoints pose) {
        /** A request of a person and a garment alone (a teacher finds the parsing and pose with h(p)). */
        public static Request of(BufferedImage person, BufferedImage cloth) {
            return new Request(person, cloth, null, null);
        }

        /** A request with the parsing and pose that a teacher model needs. */
        public static Request withParsing(BufferedImage person, Plane parse, Keypoints pose, BufferedImage cloth) {
            if (parse.width() != person.getWidth() || parse.height() != person.getHeight()) {
                throw new UserError("the parsing map is " + parse.width() + "x" + parse.height()
                    + " (W x H), the person " + person.getWidth() + "x" + person.getHeight() + ": they must match");
            }
            return new Request(person, cloth, parse, pose);
        }
    }

    /** A request in the model's frame: the fitted pictures, and where the person sits in its frame. */
    private record Fitted(BufferedImage person, BufferedImage cloth, Plane parse, Keypoints pose, Letterbox personBox) {
    }

    private final TrainedModel model;
    private final Device device;
    private final ReentrantLock forwardLock = new ReentrantLock();
    private volatile ImageLimits imageLimits = ImageLimits.DEFAULT;
    private volatile Framing framing = Framing.WHOLE;
    /** h(p), for teacher requests without parsing and pose; loaded at the first one. Guarded by {@code this}. */
    private PhotoAnalysis analysis;

    private TryOn(TrainedModel model, Device device) {
        this.model = model;
        this.device = device;
    }

    /** Loads a run folder or a model file, on the CPU. */
    public static TryOn load(Path model) {
        return load(model, new Device(torch.DeviceType.CPU));
    }

    /** As {@link #load(Path, Device, InferenceOptions)} in fp32, contiguous. */
    public static TryOn load(Path model, Device device) {
        return load(model, device, InferenceOptions.DEFAULT);
    }

    /**
     * Loads a run folder (its best checkpoint, else its last) or a model {@code .safetensors} file with its
     * {@code .json} beside it, to run in the given precision and memory format ({@link InferenceOptions}).
     *
     * @throws UserError naming the path when it holds no usable model
     */
    public static TryOn load(Path model, Device device, InferenceOptions options) {
        return new TryOn(TrainedModel.load(model, device, options), device);
    }

    /** Loads the shipped model ({@link #defaultModel()}), on the CPU. */
    public static TryOn loadDefault() {
        return loadDefault(new Device(torch.DeviceType.CPU));
    }

    /** As {@link #loadDefault(Device, InferenceOptions)} in fp32, contiguous. */
    public static TryOn loadDefault(Device device) {
        return loadDefault(device, InferenceOptions.DEFAULT);
    }

    /**
     * Loads the shipped model ({@link #defaultModel()}) to run in the given precision and memory format.
     *
     * @throws UserError saying so when it is not there
     */
    public static TryOn loadDefault(Device device, InferenceOptions options) {
        Path file = defaultModel();
        if (!Files.isRegularFile(file)) {
            throw new UserError("no default model at " + file + "; give a run folder or model file with --model");
        }
        return load(file, device, options);
    }

    /** {@link #DEFAULT_MODEL} under the folder of {@value #HOME_PROPERTY}, else under the working directory. */
    public static Path defaultModel() {
        return shipped(DEFAULT_MODEL);
    }

    /**
     * A file shipped with wuton, such as {@link #DEFAULT_MODEL}: {@code relative} under the folder of
     * {@value #HOME_PROPERTY}, else under the working directory.
     */
    public static Path shipped(String relative) {
        return Home.resolve(relative);
    }

    /** True for a teacher model: requests need a parsing map and a pose. */
    public boolean needsParsing() {
        return model.stage() == Stage.TEACHER;
    }

    /** The model's name and where it was loaded from, for messages. */
    public String describe() {
        return model.name() + " (" + model.source() + ")";
    }

    /** The precision and memory format of the forward passes. */
    public InferenceOptions inferenceOptions() {
        return model.options();
    }

    /** The size the model runs at; pictures of any size are fitted to it. */
    public ModelConfig config() {
        return model.config();
    }

    /** The limits pictures are checked against, {@link ImageLimits#DEFAULT} unless set. */
    public ImageLimits imageLimits() {
        return imageLimits;
    }

    /** Sets the limits for the calls that follow, from any thread. */
    public void setImageLimits(ImageLimits limits) {
        imageLimits = Objects.requireNonNull(limits);
    }

    /**
     * Reads a photo file within {@link #imageLimits()}, as the commands do (see {@link Photos#read(Path, ImageLimits)}).
     *
     * @throws UserError one line naming the file when it is missing, not an image, damaged or over the limits
     */
    public BufferedImage read(Path photo) {
        return Photos.read(photo, imageLimits);
    }

    /** The person wearing the garment, at the person image's size (a student model). */
    public BufferedImage apply(BufferedImage person, BufferedImage cloth) {
        return apply(Request.of(person, cloth));
    }

    /** One request's result, at its person image's size. */
    public BufferedImage apply(Request request) {
        return apply(List.of(request)).get(0);
    }

    /**
     * The results of several requests, in their order, each at its person image's size, computed as one
     * batch: faster than one call per request, and the same images up to float rounding (a rare channel may
     * differ by one level: libtorch's kernels for another batch size sum in another order). The batch is as
     * large as the list; split long lists to bound memory.
     *
     * @throws UserError when a picture is over {@link #imageLimits()}, or a teacher model's request has no parsing
     *     and pose and h(p) finds no person in its photo ({@link #analyse})
     * @throws NonFiniteException when the model's output holds NaN or infinite values (broken weights, or a native
     *     library computing wrongly on this machine): never a black or noisy picture in its place
     */
    public List<BufferedImage> apply(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        ImageLimits limits = imageLimits;
        for (Request r : requests) {
            checkPixels("person", r.person(), limits);
            checkPixels("garment", r.cloth(), limits);
        }
        if (framing == Framing.PERSON && !needsParsing()) {
            return applyFramed(requests);
        }
        return applyWhole(requests);
    }

    /**
     * Which part of a person photo a student is given. A teacher always sees the whole photo: its h(p) frames the
     * person already.
     */
    public enum Framing {
        /** The whole photo, fitted to the model's frame. */
        WHOLE,
        /**
         * The person that h(p) finds (the shipped pose and person-mask models), with a margin of a tenth of their
         * size on each side: a small or off-centre person fills the frame as in training, and the photo outside the
         * frame comes back as it was. A photo in which h(p) finds no person is refused.
         */
        PERSON
    }

    /** The framing of the calls that follow, from any thread; {@link Framing#WHOLE} unless set. */
    public void setFraming(Framing framing) {
        this.framing = Objects.requireNonNull(framing);
    }

    public Framing framing() {
        return framing;
    }

    /** Each person photo cut to the person, tried on, and put back into the photo. */
    private List<BufferedImage> applyFramed(List<Request> requests) {
        List<BufferedImage> photos = requests.stream().map(r -> Rgb.of(r.person())).toList();
        List<Rectangle> crops = new ArrayList<>(requests.size());
        List<Request> cropped = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            BufferedImage photo = photos.get(i);
            Rectangle crop = personFrame(analyse(photo).silhouette());
            crops.add(crop);
            // a copy: a sub-image shares its parent's pixel array, which Rgb.pixels would hand out whole
            cropped.add(Request.of(copy(photo.getSubimage(crop.x, crop.y, crop.width, crop.height)),
                requests.get(i).cloth()));
        }
        List<BufferedImage> inner = applyWhole(cropped);
        return IntStream.range(0, requests.size())
            .mapToObj(i -> pasteBack(photos.get(i), inner.get(i), crops.get(i))).toList();
    }

    /**
     * The framed result put back into the photo, faded into it across the frame's margin: whatever the model did
     * near the frame's edge, the photo outside the frame is its own and no seam shows.
     */
    static BufferedImage pasteBack(BufferedImage photo, BufferedImage framed, Rectangle frame) {
        BufferedImage result = copy(photo);
        int[] out = Rgb.pixels(result);
        int[] in = Rgb.pixels(framed);
        int w = photo.getWidth();
        // the margin added around the person on each side (personFrame's): the width of the fade
        double fadeX = Math.max(1, frame.width / (PERSON_MARGIN + 2.0));
        double fadeY = Math.max(1, frame.height / (PERSON_MARGIN + 2.0));
        for (int y = 0; y < frame.height; y++) {
            double wy = Math.min(1, Math.min(y + 0.5, frame.height - y - 0.5) / fadeY);
            for (int x = 0; x < frame.width; x++) {
                double weight = Math.min(wy, Math.min(1, Math.min(x + 0.5, frame.width - x - 0.5) / fadeX));
                int p = (frame.y + y) * w + frame.x + x;
                int q = in[y * frame.width + x];
                if (weight >= 1) {
                    out[p] = q & 0xffffff;
                    continue;
                }
                int pixel = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int a = out[p] >> shift & 0xff;
                    int b = q >> shift & 0xff;
                    pixel = pixel << 8 | (int) Math.round(a + (b - a) * weight);
                }
                out[p] = pixel;
            }
        }
        return result;
    }

    /** The silhouette's bounding box with a tenth of its size added on each side, within the photo. */
    static Rectangle personFrame(Plane silhouette) {
        int w = silhouette.width();
        int h = silhouette.height();
        int left = w, top = h, right = -1, bottom = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (silhouette.at(x, y) != 0) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            return new Rectangle(0, 0, w, h);
        }
        int mx = (right - left + 1) / PERSON_MARGIN;
        int my = (bottom - top + 1) / PERSON_MARGIN;
        int x0 = Math.max(0, left - mx);
        int y0 = Math.max(0, top - my);
        return new Rectangle(x0, y0, Math.min(w, right + 1 + mx) - x0, Math.min(h, bottom + 1 + my) - y0);
    }

    private static BufferedImage copy(BufferedImage rgb) {
        BufferedImage c = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.setRGB(0, 0, rgb.getWidth(), rgb.getHeight(), rgb.getRGB(0, 0, rgb.getWidth(), rgb.getHeight(), null, 0,
            rgb.getWidth()), 0, rgb.getWidth());
        return c;
    }

    private List<BufferedImage> applyWhole(List<Request> requests) {
        // resizing large photos costs more than a small model's forward pass: one picture per core
        List<Fitted> fitted = requests.parallelStream().map(this::fit).toList();
        if (keepsPhotoPixels()) {
            List<PhotoParts> parts;
            try (PointerScope scope = new PointerScope()) {
                parts = forwardAtPhotoResolution(fitted);
            }
            return IntStream.range(0, parts.size()).parallel().mapToObj(i -> PhotoComposite.compose(
                requests.get(i).person(), fitted.get(i).personBox(), parts.get(i).share(), parts.get(i).rest()))
                .toList();
        }
        List<BufferedImage> frames;
        try (PointerScope scope = new PointerScope()) {
            Tensor images = forward(fitted);
            requireFinite(images);
            frames = ImageTensors.images(images);
        }
        return IntStream.range(0, frames.size()).parallel()
            .mapToObj(i -> fitted.get(i).personBox().unfit(frames.get(i))).toList();
    }

    /**
     * Whether results are composed at the photo's own resolution ({@link PhotoComposite}): for a student whose model
     * copies pixels from the person ({@link Composition#PERSON} or {@link Composition#PERSON_AND_GARMENT}), so that
     * what it keeps is the photo's own pixels rather than its frame scaled back up. A teacher's person input is p*,
     * with regions painted out, and a {@link Composition#NONE} model draws every pixel: their frame is scaled up.
     */
    public boolean keepsPhotoPixels() {
        return !needsParsing() && config().composition() != Composition.NONE;
    }

    /** One request's parts for {@link PhotoComposite}: the person's share (H x W) and the rest (3 x H x W, levels). */
    private record PhotoParts(float[] share, float[] rest) {
    }

    /** The model's share and rest for each request, on the CPU, at the frame's size. */
    private List<PhotoParts> forwardAtPhotoResolution(List<Fitted> fitted) {
        Tensor person = ImageTensors.of(fitted.stream().map(Fitted::person).toList());
        Tensor cloth = ImageTensors.of(fitted.stream().map(Fitted::cloth).toList());
        Tensor out;
        forwardLock.lock();
        try {
            out = model.imageAndPersonShare(person.to(device, torch.ScalarType.Float),
                cloth.to(device, torch.ScalarType.Float));
        } finally {
            forwardLock.unlock();
        }
        requireFinite(out);
        Tensor result = out.cpu();
        Tensor share = result.narrow(1, Wuton.IMAGE_CHANNELS, 1).contiguous();
        // in levels: 127.5 (image + 1) - share * 127.5 (person + 1), the result less the person's part
        Tensor rest = result.narrow(1, 0, Wuton.IMAGE_CHANNELS).add(ONE).sub(share.mul(person.add(ONE)))
            .mul(HALF_LEVELS).contiguous();
        int n = (int) result.size(0);
        int plane = (int) (result.size(2) * result.size(3));
        float[] shares = new float[n * plane];
        float[] rests = new float[n * 3 * plane];
        new FloatPointer(share.data_ptr()).get(shares);
        new FloatPointer(rest.data_ptr()).get(rests);
        List<PhotoParts> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(new PhotoParts(Arrays.copyOfRange(shares, i * plane, (i + 1) * plane),
                Arrays.copyOfRange(rests, i * 3 * plane, (i + 1) * 3 * plane)));
        }
        return parts;
    }

    /** Throws, naming the requests (0-based, in the list's order) whose images are not finite. */
    private void requireFinite(Tensor images) {
        Tensor perImage = torch.isfinite(images).flatten(1, -1).all(1).cpu();
        if (perImage.all().item_bool()) {
            return;
        }
        List<Integer> broken = IntStream.range(0, (int) perImage.size(0))
            .filter(i -> !perImage.get(i).item_bool()).boxed().toList();
        throw new NonFiniteException("the model " + model.name() + " produced NaN or infinite values for request"
            + (broken.size() == 1 ? " " : "s ") + broken.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + " of " + perImage.size(0) + "; no picture was made (docs/native.md)");
    }

    private static void checkPixels(String what, BufferedImage image, ImageLimits limits) {
        long pixels = (long) image.getWidth() * image.getHeight();
        if (pixels > limits.maxPixels()) {
            throw new UserError("the " + what + " picture is " + image.getWidth() + "x" + image.getHeight() + " pixels ("
                + ImageLimits.megapixels(pixels) + " megapixels), more than the limit of "
                + ImageLimits.megapixels(limits.maxPixels()) + " megapixels");
        }
    }

    /** The model's output image (N, 3, H, W) in [-1, 1], in the caller's scope. */
    private Tensor forward(List<Fitted> fitted) {
        List<BufferedImage> persons = fitted.stream().map(Fitted::person).toList();
        Tensor person = needsParsing()
            ? ImageTensors.agnostic(persons, fitted.stream().map(Fitted::parse).toList(),
                fitted.stream().map(Fitted::pose).toList())
            : ImageTensors.of(persons);
        Tensor cloth = ImageTensors.of(fitted.stream().map(Fitted::cloth).toList());
        forwardLock.lock();
        try {
            return model.image(person.to(device, torch.ScalarType.Float), cloth.to(device, torch.ScalarType.Float));
        } finally {
            forwardLock.unlock();
        }
    }

    private Fitted fit(Request r) {
        int w = config().width(), h = config().height();
        BufferedImage person = Rgb.of(r.person());
        boolean teacher = needsParsing();
        if (teacher && (r.parse() == null || r.pose() == null)) {
            PhotoAnalysis.Result found = analyse(person);
            r = new Request(r.person(), r.cloth(), found.parse(), found.pose());
        }
        Letterbox personBox = Letterbox.of(person, w, h);
        BufferedImage cloth = Rgb.of(r.cloth());
        BufferedImage fittedCloth = Letterbox.of(cloth, w, h).fit(cloth, Letterbox.Padding.WHITE);
        // a student never looks at parsing or pose, even when a request carries them
        return new Fitted(personBox.fit(person, Letterbox.Padding.EDGE), fittedCloth,
            teacher ? personBox.fit(r.parse()) : null, teacher ? personBox.fit(r.pose()) : null, personBox);
    }

    /**
     * h(p) of a person photo: the keypoints, silhouette and guessed parsing map that a teacher's p* is made of,
     * from the shipped pose and person-mask models (loaded at the first call).
     *
     * @throws UserError when the models are not there, or no upright person is found in the photo
     */
    public PhotoAnalysis.Result analyse(BufferedImage person) {
        PhotoAnalysis h;
        synchronized (this) {
            if (analysis == null) {
                analysis = PhotoAnalysis.loadDefault();
            }
            h = analysis;
        }
        try {
            return h.analyse(Rgb.of(person));
        } catch (UserError e) {
            throw new UserError("the person photo: " + e.getMessage(), e);
        }
    }

    /** Frees the model's native memory; the instance is unusable afterwards. */
    @Override
    public void close() {
        model.close();
        synchronized (this) {
            if (analysis != null) {
                analysis.close();
            }
        }
    }
}
