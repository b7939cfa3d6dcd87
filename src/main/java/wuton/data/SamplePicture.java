package wuton.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import wuton.image.ImageFiles;
import wuton.image.Rgb;
import wuton.labels.CocoKeypoint;
import wuton.labels.Keypoints;

/** Pictures of a sample for people: the pose drawn on the person, and a strip of all the inputs. */
public final class SamplePicture {
    /** The panels of {@link #strip}, left to right. */
    public static final String PANELS = "person | garment | agnostic person p* | worn garment c_{a,p} | parsing | pose";

    private static final Color LIMB = new Color(255, 220, 0);
    private static final Color JOINT = new Color(220, 0, 0);

    private SamplePicture() {
    }

    /**
     * One row of six panels at the person's size: {@value #PANELS}.
     */
    public static BufferedImage strip(Sample s) {
        int w = s.person().getWidth();
        int h = s.person().getHeight();
        BufferedImage[] panels = {
            s.person(), Rgb.resized(s.cloth(), w, h), Agnostic.person(s), Agnostic.wornCloth(s.person(), s.parse()),
            Rgb.of(ImageFiles.labelImage(s.parse().values(), w, h)), pose(s.person(), s.pose()),
        };
        BufferedImage out = new BufferedImage(w * panels.length, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < panels.length; i++) {
            g.drawImage(panels[i], i * w, 0, null);
        }
        g.dispose();
        return out;
    }

    /** A copy of the image with the present keypoints and the limbs between them drawn on it. */
    public static BufferedImage pose(BufferedImage image, Keypoints k) {
        BufferedImage out = copy(image);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float thickness = Math.max(1f, image.getWidth() / 100f);
        g.setStroke(new BasicStroke(thickness));
        g.setColor(LIMB);
        for (CocoKeypoint[] limb : CocoKeypoint.LIMBS) {
            if (k.present(limb[0]) && k.present(limb[1])) {
                g.drawLine(Math.round(k.x(limb[0])), Math.round(k.y(limb[0])),
                    Math.round(k.x(limb[1])), Math.round(k.y(limb[1])));
            }
        }
        g.setColor(JOINT);
        int r = Math.round(2 * thickness);
        for (CocoKeypoint p : CocoKeypoint.values()) {
            if (k.present(p)) {
                g.fillOval(Math.round(k.x(p)) - r, Math.round(k.y(p)) - r, 2 * r, 2 * r);
            }
        }
        g.dispose();
        return out;
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
