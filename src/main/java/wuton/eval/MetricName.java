package wuton.eval;

import java.util.Locale;

/** The metrics, in the order of the report's table; {@link #key()} is their name in metrics.json. */
public enum MetricName {
    SSIM, PSNR, L1, LPIPS, FID, KID, IS;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a higher value is better (for the table's arrows). */
    public boolean higherIsBetter() {
        return this == SSIM || this == PSNR || this == IS;
    }
}
