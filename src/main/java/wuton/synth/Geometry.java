package wuton.synth;

/** Small geometry helpers for the per-pixel loops. */
final class Geometry {
    private Geometry() {
    }

    /**
     * The length of (x, y). {@code Math.hypot} guards against overflow that pixel coordinates never
     * reach, and costs several times more; it dominated rendering time.
     */
    static double length(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }
}
