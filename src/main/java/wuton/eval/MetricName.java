package wuton.eval;

import java.util.Locale;

/** The metrics, in the order of the report's table; {@link #key()} is their name in metrics.json. */
public enum MetricName {
    SSIM, PSNR, L1, LPIPS,
    /** FID on the 768-d Mixed_6c features of the shipped ImageNet layers (not the standard pool3 FID). */
    FID_MIXED6C,
    /** KID on the same features. */
    KID_MIXED6C,
    FID, KID, IS;

    /** What the report's hover text says the Mixed_6c metrics are measured on. */
    static final String MIXED_6C_FEATURES = "Inception-v3 Mixed_6c features (ImageNet layers of nsfwjs 4.3.0)";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The column heading of the report: "FID Mixed_6c" for {@code fid_mixed6c}. */
    public String heading() {
        return switch (this) {
            case FID_MIXED6C -> "FID Mixed_6c";
            case KID_MIXED6C -> "KID Mixed_6c";
            default -> name();
        };
    }

    /** A sentence for the report's hover text saying what the metric is measured on; empty where the name says it. */
    public String description() {
        return switch (this) {
            case FID_MIXED6C -> "FID on " + MIXED_6C_FEATURES;
            case KID_MIXED6C -> "KID on " + MIXED_6C_FEATURES;
            case FID, KID -> "standard: pool3 features of torchvision's Inception-v3 (--inception-weights)";
            default -> "";
        };
    }

    /** Whether a higher value is better (for the table's arrows). */
    public boolean higherIsBetter() {
        return this == SSIM || this == PSNR || this == IS;
    }
}
