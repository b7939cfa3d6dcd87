package wuton.data;

import java.awt.image.BufferedImage;
import wuton.image.Plane;
import wuton.image.Rgb;
import wuton.labels.Keypoints;

/**
 * One try-on sample, decoded. Images are {@link BufferedImage#TYPE_INT_RGB}; the person, its parsing
 * map and the ground truth share one size (H, W), the garment and its mask another.
 *
 * @param personId   the person image's stem
 * @param clothId    the garment image's stem
 * @param person     the reference person p
 * @param cloth      the in-shop garment c
 * @param clothMask  the garment's mask, 0 or 1 per pixel
 * @param parse      the person's parsing map, as {@link LipLabel} ids
 * @param pose       the person's 18 COCO-18 keypoints, in pixels of {@code person}
 * @param truth      the person wearing {@code cloth}: {@code person} itself in paired mode, the dataset's
 *                   unpaired ground truth in unpaired mode, null when there is none
 * @param truthParse the parsing map of {@code truth}, null when there is none
 */
public record Sample(String personId, String clothId, BufferedImage person, BufferedImage cloth,
                     Plane clothMask, Plane parse, Keypoints pose, BufferedImage truth, Plane truthParse) {

    /**
     * This sample at another size: images bilinear, labels and masks nearest-neighbour, keypoints
     * scaled. The garment goes to the same size as the person.
     */
    public Sample resized(int width, int height) {
        BufferedImage newPerson = Rgb.resized(person, width, height);
        Plane newParse = parse.resizedNearest(width, height);
        return new Sample(personId, clothId, newPerson, Rgb.resized(cloth, width, height),
            clothMask.resizedNearest(width, height), newParse,
            pose.scaled((double) width / person.getWidth(), (double) height / person.getHeight()),
            truth == person ? newPerson : truth == null ? null : Rgb.resized(truth, width, height),
            truthParse == parse ? newParse : truthParse == null ? null : truthParse.resizedNearest(width, height));
    }
}
