package wuton.serve;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wuton.TryOn;
import wuton.common.Folders;
import wuton.common.UserError;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Letterbox;
import wuton.image.PhotoFolder;
import wuton.image.Photos;
import wuton.image.Rgb;
import wuton.model.ModelConfig;
import wuton.synth.SyntheticWorld;
import wuton.synth.WorldConfig;
import wuton.synth.WorldWriter;

/**
 * The garments a shopper can pick: image files in one folder, each known by its file stem ({@code shirt.jpg} is
 * {@code shirt}). A garment is read from disk the first time a try-on asks for it and kept already fitted to the
 * model's frame, the most recently used within {@link #FITTED_CACHE_BYTES}, until its file changes (another
 * modification time or size: a photo replaced while the service runs is seen); thumbnails are made once and kept.
 * A large catalogue costs no memory until it is browsed. Thread-safe.
 *
 * <p>Why keep the fitted garment: reading and decoding a garment photo and fitting it to the frame cost about a
 * millisecond on every try-on, a tenth of a batched forward pass of the student on a 2-core machine, for the
 * same pixels each time. {@link TryOn} gets the frame-size picture, which fits its frame unchanged (a
 * {@link Letterbox} of the frame's own size is a copy), so the result is the same as from the photo itself.
 */
final class Catalog implements AutoCloseable {
    /** Garments in the catalogue drawn when no folder is given: enough to browse, quick to draw. */
    static final int SYNTHETIC_COUNT = 12;
    /** Thumbnails fit in this box, keeping their aspect ratio. */
    static final int THUMBNAIL_WIDTH = 96, THUMBNAIL_HEIGHT = 128;
    /** An id travels in URLs and JSON: file stems with other characters are left out (with a warning). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    /**
     * Memory for garments kept fitted to the frame: 682 garments at 256 x 192, 42 at 1024 x 768. Past it, the
     * least recently tried-on garment is read again when next asked for.
     */
    static final long FITTED_CACHE_BYTES = 128L << 20;

    private final Map<String, Path> files;
    private final ImageLimits limits;
    private final Path ownedFolder;
    private final Map<String, byte[]> thumbnails = new ConcurrentHashMap<>();
    private final int frameWidth, frameHeight;
    /** Garments fitted to the frame, in access order: the eldest is the least recently used. Guarded by itself. */
    private final LinkedHashMap<String, Fitted> fitted = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxFitted;

    /** A garment fitted to the frame, and the file's state it was read from. */
    private record Fitted(FileTime modified, long size, BufferedImage frame) {
    }

    private Catalog(Map<String, Path> files, ImageLimits limits, ModelConfig model, long cacheBytes, Path ownedFolder) {
        this.files = files;
        this.limits = limits;
        this.ownedFolder = ownedFolder;
        this.frameWidth = model.width();
        this.frameHeight = model.height();
        this.maxFitted = (int) Math.max(1, cacheBytes / ((long) Integer.BYTES * frameWidth * frameHeight));
    }

    /**
     * The garment images of a folder (JPEG, PNG, BMP, GIF; not its subfolders), read within these limits, for
     * a model of this frame size.
     *
     * @throws UserError naming the folder when it is missing, holds no image, or two files share a stem
     */
    static Catalog folder(Path dir, ImageLimits limits, ModelConfig model) {
        return folder(dir, limits, model, FITTED_CACHE_BYTES);
    }

    /** {@link #folder(Path, ImageLimits, ModelConfig)} keeping fitted garments within {@code cacheBytes}. */
    static Catalog folder(Path dir, ImageLimits limits, ModelConfig model, long cacheBytes) {
        return new Catalog(scan(dir), limits, model, cacheBytes, null);
    }

    /**
     * A catalogue of {@value #SYNTHETIC_COUNT} garments drawn from a synthetic world into a temporary folder,
     * removed by {@link #close}: a page to try on a machine that has no garment photos.
     */
    static Catalog synthetic(ImageLimits limits, ModelConfig model) {
        Path temp;
        try {
            temp = Files.createTempDirectory("wuton-serve-catalog");
        } catch (IOException e) {
            throw new UserError("cannot make a temporary folder for the default catalogue: " + e.getMessage(), e);
        }
        // only the garments are used: nobody needs photographing
        WorldConfig config = WorldConfig.builder(ModelConfig.DEFAULT_HEIGHT, ModelConfig.DEFAULT_WIDTH)
            .count(SYNTHETIC_COUNT).testFraction(0).look(WorldConfig.Look.STUDIO).build();
        Path world = temp.resolve("world");
        WorldWriter writer = new WorldWriter(new SyntheticWorld(config), world);
        writer.prepare(false);
        writer.write(i -> { });
        return new Catalog(scan(world.resolve("train").resolve("cloth")), limits, model, FITTED_CACHE_BYTES, temp);
    }

    private static Map<String, Path> scan(Path dir) {
        Map<String, Path> found = new TreeMap<>(PhotoFolder.byStem(dir, "--catalog", EXTENSIONS,
            "JPEG, PNG, BMP or GIF garment images"));
        // an id travels in URLs and JSON
        found.entrySet().removeIf(e -> {
            boolean bad = !ID.matcher(e.getKey()).matches();
            if (bad) {
                LOG.warn("{}: left out of the catalogue: an id may only have letters, digits, '.', '_' and '-'", e.getValue());
            }
            return bad;
        });
        if (found.isEmpty()) {
            throw new UserError("--catalog " + dir + ": no garment image has a usable name (letters, digits, '.', '_', '-')");
        }
        return found;
    }

    /** The garment ids, sorted. */
    List<String> ids() {
        return new ArrayList<>(files.keySet());
    }

    boolean contains(String id) {
        return files.containsKey(id);
    }

    /**
     * The garment's photo fitted to the model's frame (white around it), from the cache or read now. The image
     * is shared: read it, never draw on it.
     *
     * @throws ApiError 404 for an unknown id
     * @throws UserError when its file has become unreadable
     */
    BufferedImage garment(String id) {
        Path file = file(id);
        BasicFileAttributes now = attributes(file);
        synchronized (fitted) {
            Fitted kept = fitted.get(id);
            if (kept != null && kept.modified().equals(now.lastModifiedTime()) && kept.size() == now.size()) {
                return kept.frame();
            }
        }
        // read outside the lock: two first asks for one garment read it twice, and no ask waits on another's file
        BufferedImage cloth = Rgb.of(Photos.read(file, limits));
        BufferedImage frame = Letterbox.of(cloth, frameWidth, frameHeight).fit(cloth, Letterbox.Padding.WHITE);
        synchronized (fitted) {
            fitted.put(id, new Fitted(now.lastModifiedTime(), now.size(), frame));
            if (fitted.size() > maxFitted) {
                fitted.remove(fitted.keySet().iterator().next());
            }
        }
        return frame;
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new UserError("garment " + file + " can no longer be read: " + e.getMessage(), e);
        }
    }

    /** The garment's thumbnail as PNG bytes, made on first use. */
    byte[] thumbnail(String id) {
        Path file = file(id);
        return thumbnails.computeIfAbsent(id, key -> ImageFiles.png(shrink(Photos.read(file, limits))));
    }

    private Path file(String id) {
        return Optional.ofNullable(files.get(id))
            .orElseThrow(() -> new ApiError(404, "no garment '" + id + "' in the catalogue (GET /api/garments lists them)"));
    }

    private static BufferedImage shrink(BufferedImage image) {
        double scale = Math.min(1, Math.min(THUMBNAIL_WIDTH / (double) image.getWidth(),
            THUMBNAIL_HEIGHT / (double) image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    /** Removes the folder of a drawn catalogue; a folder given by the user is left alone. */
    @Override
    public void close() {
        if (ownedFolder != null) {
            try {
                Folders.deleteRecursively(ownedFolder);
            } catch (IOException e) {
                LOG.warn("could not remove the default catalogue's folder {}: {}", ownedFolder, e.getMessage());
            }
        }
    }
}
