package wuton.data;

import java.util.Map;
import java.util.TreeMap;
import wuton.labels.CocoKeypoint;
import wuton.labels.LipLabel;

/**
 * What {@code wuton data check} reports about the samples it read: image sizes, the share of each LIP
 * label among person pixels, and how many keypoints are present. Thread-safe: samples may be added from
 * several threads.
 */
public final class DatasetStats {
    private final Map<String, Integer> personSizes = new TreeMap<>();
    private final Map<String, Integer> clothSizes = new TreeMap<>();
    private final long[] labelPixels = new long[LipLabel.count()];
    private long keypoints;
    private int samples;

    /** Counts one sample that was read. */
    public synchronized void add(Sample s) {
        samples++;
        personSizes.merge(s.person().getWidth() + "x" + s.person().getHeight(), 1, Integer::sum);
        clothSizes.merge(s.cloth().getWidth() + "x" + s.cloth().getHeight(), 1, Integer::sum);
        for (byte id : s.parse().values()) {
            labelPixels[id]++;
        }
        for (CocoKeypoint k : CocoKeypoint.values()) {
            keypoints += s.pose().present(k) ? 1 : 0;
        }
    }

    /** The number of samples read. */
    public synchronized int samples() {
        return samples;
    }

    /** Person image sizes "WxH" and how many samples have each. */
    public synchronized Map<String, Integer> personSizes() {
        return new TreeMap<>(personSizes);
    }

    /** Garment image sizes "WxH" and how many samples have each. */
    public synchronized Map<String, Integer> clothSizes() {
        return new TreeMap<>(clothSizes);
    }

    /** The share of person pixels with this label, 0 to 1. */
    public synchronized double labelShare(LipLabel label) {
        long total = 0;
        for (long n : labelPixels) {
            total += n;
        }
        return total == 0 ? 0 : (double) labelPixels[label.id] / total;
    }

    /** The mean number of keypoints present per sample, 0 to 18. */
    public synchronized double meanKeypoints() {
        return samples == 0 ? 0 : (double) keypoints / samples;
    }
}
