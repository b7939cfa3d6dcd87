package wuton.image;

import java.util.Arrays;

/**
 * One byte per pixel, row-major, shape (H, W): a parsing map of LIP ids or a 0/1 mask.
 * The array is shared, not copied: treat it as read-only once the plane is built.
 */
public record Plane(int width, int height, byte[] values) {
    public Plane {
        if (values.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " plane needs " + width * height
                + " values, got " + values.length);
        }
    }

    /** Planes are equal when their sizes and values are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Plane p && p.width == width && p.height == height && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Plane[" + width + "x" + height + "]";
    }

    /** An all-zero plane. */
    public static Plane zeros(int width, int height) {
        return new Plane(width, height, new byte[width * height]);
    }

    /** The value at (x, y), 0 to 255. */
    public int at(int x, int y) {
        return values[y * width + x] & 0xff;
    }

    /** This plane resized with nearest-neighbour sampling (the only right choice for labels). */
    public Plane resizedNearest(int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return this;
        }
        byte[] out = new byte[newWidth * newHeight];
        for (int y = 0; y < newHeight; y++) {
            int sy = Math.min(height - 1, (int) ((y + 0.5) * height / newHeight));
            for (int x = 0; x < newWidth; x++) {
                int sx = Math.min(width - 1, (int) ((x + 0.5) * width / newWidth));
                out[y * newWidth + x] = values[sy * width + sx];
            }
        }
        return new Plane(newWidth, newHeight, out);
    }
}
