package wuton.testing;

import java.util.Locale;
import wuton.image.Plane;

/** Two masks' agreement summed over pictures: 0 is outside a mask, anything else inside. */
public final class Overlap {
    private long both, either, firstOnly, secondOnly;

    /** Adds one picture's pair of masks, of the same size. */
    public Overlap add(Plane first, Plane second) {
        byte[] a = first.values(), b = second.values();
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks of " + a.length + " and " + b.length + " pixels");
        }
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] != 0, y = b[i] != 0;
            both += x && y ? 1 : 0;
            either += x || y ? 1 : 0;
            firstOnly += x && !y ? 1 : 0;
            secondOnly += y && !x ? 1 : 0;
        }
        return this;
    }

    /** Intersection over union. */
    public double iou() {
        return both / (double) either;
    }

    /** The share of the union inside the first mask only. */
    public double firstOnly() {
        return firstOnly / (double) either;
    }

    /** The share of the union inside the second mask only. */
    public double secondOnly() {
        return secondOnly / (double) either;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "IoU %.3f (first only %.3f, second only %.3f)", iou(), firstOnly(), secondOnly());
    }
}
