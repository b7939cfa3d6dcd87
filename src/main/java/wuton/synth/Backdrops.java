package wuton.synth;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The photographs behind the people of the photographic world: freely licensed photographs of places and things
 * without people, shipped in the artifact under {@value #FOLDER} with their licences ({@code LICENSES.md} there),
 * listed in its {@code index.txt}. Decoded once per JVM.
 */
final class Backdrops {
    static final String FOLDER = "/wuton/synth/backgrounds/";

    /** One decoded photograph, 0xRRGGBB row-major. */
    record Photo(String name, int width, int height, int[] rgb) {
    }

    private static final class Loaded {
        static final List<Photo> PHOTOS = load();
    }

    private Backdrops() {
    }

    /** Every background photograph, in the order of the index. */
    static List<Photo> all() {
        return Loaded.PHOTOS;
    }

    /**
     * The background of {@code shot} at {@code width} by {@code height}: its photograph scaled to cover the image
     * (times the shot's zoom), placed, mirrored and blurred as the shot says. Bilinear sampling.
     */
    static int[] render(Shot shot, int width, int height) {
        Photo photo = all().get(shot.background());
        double scale = Math.max((double) width / photo.width(), (double) height / photo.height()) * shot.backgroundZoom();
        double x0 = shot.backgroundX() * (photo.width() * scale - width);
        double y0 = shot.backgroundY() * (photo.height() * scale - height);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            double sy = Math.min(photo.height() - 1, Math.max(0, (y + y0 + 0.5) / scale - 0.5));
            for (int x = 0; x < width; x++) {
                double sx = Math.min(photo.width() - 1, Math.max(0, (x + x0 + 0.5) / scale - 0.5));
                if (shot.mirrored()) {
                    sx = photo.width() - 1 - sx;
                }
                out[y * width + x] = bilinear(photo, sx, sy);
            }
        }
        return shot.backgroundBlur() > 0 ? Filters.gaussian(out, width, height, shot.backgroundBlur()) : out;
    }

    private static int bilinear(Photo p, double x, double y) {
        int x0 = (int) x, y0 = (int) y;
        int x1 = Math.min(x0 + 1, p.width() - 1), y1 = Math.min(y0 + 1, p.height() - 1);
        double fx = x - x0, fy = y - y0;
        int[] rgb = p.rgb();
        int a = rgb[y0 * p.width() + x0], b = rgb[y0 * p.width() + x1];
        int c = rgb[y1 * p.width() + x0], d = rgb[y1 * p.width() + x1];
        return Colors.mix(Colors.mix(a, b, fx), Colors.mix(c, d, fx), fy);
    }

    private static List<Photo> load() {
        List<Photo> photos = new ArrayList<>();
        try (InputStream index = Backdrops.class.getResourceAsStream(FOLDER + "index.txt")) {
            if (index == null) {
                throw new IllegalStateException("the build has no background photographs (" + FOLDER + "index.txt)");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String name = lines.readLine(); name != null; name = lines.readLine()) {
                if (!name.isBlank()) {
                    photos.add(decode(name.trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (photos.isEmpty()) {
            throw new IllegalStateException(FOLDER + "index.txt lists no photographs");
        }
        return List.copyOf(photos);
    }

    private static Photo decode(String name) throws IOException {
        try (InputStream in = Backdrops.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + "index.txt names " + name + ", which the build lacks");
            }
            BufferedImage image = ImageIO.read(in);
            int w = image.getWidth(), h = image.getHeight();
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] &= 0xFFFFFF;
            }
            return new Photo(name, w, h, rgb);
        }
    }
}
