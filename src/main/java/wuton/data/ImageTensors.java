package wuton.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.Keypoints;

/**
 * Images to model inputs and model outputs to images, with the training's encoding: RGB in [-1, 1]
 * (x / 127.5 - 1), float32 (N, 3, H, W). Thread-safe; the tensors belong to the caller's scope.
 */
public final class ImageTensors {
    private ImageTensors() {
    }

    /** N TYPE_INT_RGB images of one size (H, W) as a CPU tensor (N, 3, H, W). */
    public static Tensor of(List<BufferedImage> images) {
        return Tensors.floats(images.stream().map(Tensors::normalise).toList(), shape(images));
    }

    /**
     * The agnostic persons p* of N people, as the teacher was trained on: the person (N, 3, H, W) with the
     * region {@link Agnostic#mask} hides set to exactly 0.
     *
     * @param parses parsing maps of the persons' size
     * @param poses  keypoints in pixels of the persons
     */
    public static Tensor agnostic(List<BufferedImage> persons, List<Plane> parses, List<Keypoints> poses) {
        List<float[]> planes = new ArrayList<>(persons.size());
        for (int i = 0; i < persons.size(); i++) {
            float[] person = Tensors.normalise(persons.get(i));
            Tensors.zeroWhere(Agnostic.mask(parses.get(i), poses.get(i)), person);
            planes.add(person);
        }
        return Tensors.floats(planes, shape(persons));
    }

    /** A tensor (N, 3, H, W) in [-1, 1], on any device, as N TYPE_INT_RGB images (values clamped). */
    public static List<BufferedImage> images(Tensor batch) {
        Tensor c = batch.detach().to(ScalarType.Float).cpu().contiguous();
        long[] shape = c.sizes().vec().get();
        int n = (int) shape[0], h = (int) shape[2], w = (int) shape[3], plane = h * w;
        float[] values = new float[Math.toIntExact(c.numel())];
        new FloatPointer(c.data_ptr()).get(values);
        List<BufferedImage> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] rgb = Rgb.pixels(image);
            int base = s * 3 * plane;
            for (int p = 0; p < plane; p++) {
                rgb[p] = byteOf(values[base + p]) << 16 | byteOf(values[base + plane + p]) << 8
                    | byteOf(values[base + 2 * plane + p]);
            }
            out.add(image);
        }
        return out;
    }

    /** [-1, 1] to 0-255, rounded and clamped: the inverse of {@link Tensors#normalise(int)}. */
    static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }

    private static long[] shape(List<BufferedImage> images) {
        BufferedImage first = images.get(0);
        return new long[] {images.size(), 3, first.getHeight(), first.getWidth()};
    }
}
