package wuton.synth;

import java.util.SplittableRandom;

/**
 * Deterministic random streams: every image is a pure function of (world seed, person index), so a
 * world can be rendered in any order, on any number of threads, and gives the same bytes.
 */
final class Seeds {
    /** Independent streams drawn for one index. */
    enum Stream { PERSON, GARMENT, BACKGROUND, POSE_CONFIDENCE, PARSE_NOISE, PAIRS, SHOT, CAMERA_NOISE }

    private Seeds() {
    }

    static SplittableRandom random(long worldSeed, long index, Stream stream) {
        return new SplittableRandom(mix(mix(worldSeed, index), stream.ordinal() + 1L));
    }

    /** A 64-bit hash of two longs (SplitMix64 finaliser), for seeds and per-pixel noise. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static <T> T pick(SplittableRandom r, T[] options) {
        return options[r.nextInt(options.length)];
    }
}
