package wuton.synth;

/**
 * The person's own side. In a front view the person's right side is on the left of the image, so
 * {@link #RIGHT} has {@code sign = -1} (towards smaller x).
 */
enum Side {
    RIGHT(-1),
    LEFT(1);

    /** Which way this side points along the image x axis. */
    final int sign;

    Side(int sign) {
        this.sign = sign;
    }
}
