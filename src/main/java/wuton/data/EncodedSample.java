package wuton.data;

import wuton.image.Plane;

/**
 * One sample as the flat arrays of its batch rows, ready to be copied into tensors: images (3, H, W) in
 * [-1, 1], the mask (1, H, W), the parsing (H, W), the keypoints (18, 3). Encoding runs on the loader's
 * worker threads so that assembling a batch is only copying.
 */
record EncodedSample(String personId, String clothId, int height, int width, float[] person, float[] cloth, float[] clothMask,
                     float[] agnostic, float[] wornCloth, long[] parse, float[] pose, float[] truth) {

    /** Encodes a sample already at the training size. */
    static EncodedSample of(Sample s) {
        Plane hidden = Agnostic.mask(s.parse(), s.pose());
        float[] person = Tensors.normalise(s.person());
        float[] agnostic = person.clone();
        Tensors.zeroWhere(hidden, agnostic);
        byte[] m = s.clothMask().values();
        byte[] ids = s.parse().values();
        float[] mask = new float[m.length];
        long[] parse = new long[ids.length];
        for (int p = 0; p < m.length; p++) {
            mask[p] = m[p];
            parse[p] = ids[p];
        }
        return new EncodedSample(s.personId(), s.clothId(), s.person().getHeight(), s.person().getWidth(), person, Tensors.normalise(s.cloth()), mask, agnostic,
            Tensors.normalise(Agnostic.wornCloth(s.person(), s.parse())), parse, s.pose().toArray(),
            s.truth() == null ? null : s.truth() == s.person() ? person : Tensors.normalise(s.truth()));
    }
}
