package wuton.synth;

import java.util.SplittableRandom;

/**
 * An upper-body garment: its cut, its fit and its fabric. A garment is drawn flat as a product photo
 * and worn by any person from the same spec, which is what gives the world its unpaired ground truth.
 *
 * @param ease           how much looser than the body, in head units (0 is skin tight)
 * @param length         where the hem falls, in head units below the hip line (negative: cropped)
 * @param sleeveFraction for short sleeves, how much of the upper arm they cover
 * @param collarColor    the collar's colour, for {@link Neckline#COLLAR}
 */
record GarmentSpec(Sleeve sleeve, Neckline neckline, double ease, double length, double sleeveFraction,
                   TextureSpec fabric, int collarColor) {

    enum Sleeve { SHORT, LONG, SLEEVELESS }

    enum Neckline { ROUND, V_NECK, COLLAR }

    static GarmentSpec sample(SplittableRandom r) {
        Sleeve sleeve = Seeds.pick(r, Sleeve.values());
        Neckline neckline = Seeds.pick(r, Neckline.values());
        TextureSpec fabric = TextureSpec.sampleGarment(r);
        int collar = r.nextBoolean() ? 0xF4F4F0 : Colors.scale(fabric.base(), 0.85);
        return new GarmentSpec(sleeve, neckline, Seeds.uniform(r, 0.0, 0.25), Seeds.uniform(r, -0.4, 0.7),
            Seeds.uniform(r, 0.35, 0.65), fabric, collar);
    }
}
