package wuton.nn;

/**
 * A tensor that must be finite holds NaN or an infinity: a model whose weights or inputs went bad. Thrown where going
 * on would crash the process (libtorch's {@code grid_sampler} backward indexes memory with a NaN grid) or hand back a
 * wrong picture silently; the message names the tensor and where it was found.
 */
public class NonFiniteException extends RuntimeException {
    public NonFiniteException(String message) {
        super(message);
    }
}
