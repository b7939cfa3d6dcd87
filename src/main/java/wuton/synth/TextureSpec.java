package wuton.synth;

import java.util.SplittableRandom;

/**
 * A fabric: a pattern, its colours and its scale. Patterns are functions of fabric coordinates
 * (X, Y), in garment units, so the same garment looks the same flat and worn: only the mapping from
 * pixels to fabric coordinates changes.
 *
 * @param period the pattern's repeat, in garment units
 * @param logo   the text printed on the chest, for {@link Pattern#LOGO}
 */
record TextureSpec(Pattern pattern, int base, int accent, int third, double period, double angle, String logo) {

    /** Garment textures. */
    enum Pattern { SOLID, HORIZONTAL_STRIPES, VERTICAL_STRIPES, CHECKS, POLKA_DOTS, FLORAL, LOGO, GRADIENT, DENIM }

    private static final Pattern[] GARMENT_PATTERNS = {
        Pattern.SOLID, Pattern.HORIZONTAL_STRIPES, Pattern.VERTICAL_STRIPES, Pattern.CHECKS,
        Pattern.POLKA_DOTS, Pattern.FLORAL, Pattern.LOGO, Pattern.GRADIENT,
    };
    private static final Pattern[] LOWER_PATTERNS = {
        Pattern.SOLID, Pattern.SOLID, Pattern.DENIM, Pattern.DENIM, Pattern.VERTICAL_STRIPES, Pattern.CHECKS,
    };
    private static final String[] WORDS = {
        "WUT", "NOVA", "ZEN", "LOVE", "CITY", "RUN", "SURF", "ACME", "OK", "42", "BLUE", "MIAO", "JAVA", "ROSE",
    };

    static TextureSpec sampleGarment(SplittableRandom r) {
        Pattern p = Seeds.pick(r, GARMENT_PATTERNS);
        int base = Colors.fabric(r);
        int accent = Colors.contrasting(r, base);
        return new TextureSpec(p, base, accent, Colors.fabric(r), Seeds.uniform(r, 0.22, 0.55),
            Seeds.uniform(r, -0.6, 0.6), Seeds.pick(r, WORDS));
    }

    static TextureSpec sampleLower(SplittableRandom r) {
        Pattern p = Seeds.pick(r, LOWER_PATTERNS);
        int base = p == Pattern.DENIM
            ? Colors.hsv(Seeds.uniform(r, 0.58, 0.64), Seeds.uniform(r, 0.4, 0.7), Seeds.uniform(r, 0.25, 0.7))
            : Colors.hsv(r.nextDouble(), Seeds.uniform(r, 0.05, 0.5), Seeds.uniform(r, 0.15, 0.8));
        int accent = Colors.mix(base, r.nextBoolean() ? 0xFFFFFF : 0x000000, 0.35);
        return new TextureSpec(p, base, accent, base, Seeds.uniform(r, 0.15, 0.3), 0, "");
    }
}
