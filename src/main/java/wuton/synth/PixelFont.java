package wuton.synth;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.util.Locale;
import java.util.Map;

/**
 * A 5 x 7 pixel font for A-Z, 0-9, '.', '-' and space, drawn as filled squares. The world draws its printed
 * logos and the contact sheet its captions with it rather than with system fonts: the bytes then do
 * not depend on the fonts a machine has, and machines with no fonts at all (servers, containers)
 * can still render the world.
 */
final class PixelFont {
    static final int GLYPH_WIDTH = 5, GLYPH_HEIGHT = 7, ADVANCE = 6;

    private static final Map<Character, String> GLYPHS = Map.ofEntries(
        Map.entry('A', "01110100011000111111100011000110001"), Map.entry('B', "11110100011000111110100011000111110"),
        Map.entry('C', "01110100011000010000100001000101110"), Map.entry('D', "11110100011000110001100011000111110"),
        Map.entry('E', "11111100001000011110100001000011111"), Map.entry('F', "11111100001000011110100001000010000"),
        Map.entry('G', "01110100011000010111100011000101111"), Map.entry('H', "10001100011000111111100011000110001"),
        Map.entry('I', "01110001000010000100001000010001110"), Map.entry('J', "00111000100001000010000101001001100"),
        Map.entry('K', "10001100101010011000101001001010001"), Map.entry('L', "10000100001000010000100001000011111"),
        Map.entry('M', "10001110111010110101100011000110001"), Map.entry('N', "10001100011100110101100111000110001"),
        Map.entry('O', "01110100011000110001100011000101110"), Map.entry('P', "11110100011000111110100001000010000"),
        Map.entry('Q', "01110100011000110001101011001001101"), Map.entry('R', "11110100011000111110101001001010001"),
        Map.entry('S', "01111100001000001110000010000111110"), Map.entry('T', "11111001000010000100001000010000100"),
        Map.entry('U', "10001100011000110001100011000101110"), Map.entry('V', "10001100011000110001100010101000100"),
        Map.entry('W', "10001100011000110101101011010101010"), Map.entry('X', "10001100010101000100010101000110001"),
        Map.entry('Y', "10001100010101000100001000010000100"), Map.entry('Z', "11111000010001000100010001000011111"),
        Map.entry('0', "01110100011001110101110011000101110"), Map.entry('1', "00100011000010000100001000010001110"),
        Map.entry('2', "01110100010000100010001000100011111"), Map.entry('3', "11111000100010000010000011000101110"),
        Map.entry('4', "00010001100101010010111110001000010"), Map.entry('5', "11111100001111000001000011000101110"),
        Map.entry('6', "00110010001000011110100011000101110"), Map.entry('7', "11111000010001000100010000100001000"),
        Map.entry('8', "01110100011000101110100011000101110"), Map.entry('9', "01110100011000101111000010001001100"),
        Map.entry('.', "00000000000000000000000000110001100"), Map.entry('-', "00000000000000011111000000000000000"));

    private PixelFont() {
    }

    /**
     * The text as a shape, one unit per font pixel, top-left at (0, 0): {@link #width} units wide and
     * {@link #GLYPH_HEIGHT} tall. Letters are drawn in capitals; characters the font lacks as spaces.
     */
    static Shape outline(String text) {
        Path2D.Double path = new Path2D.Double();
        String upper = text.toUpperCase(Locale.ROOT);
        for (int c = 0; c < upper.length(); c++) {
            String glyph = GLYPHS.get(upper.charAt(c));
            if (glyph == null) {
                continue;
            }
            for (int i = 0; i < glyph.length(); i++) {
                if (glyph.charAt(i) == '1') {
                    path.append(new java.awt.geom.Rectangle2D.Double(c * ADVANCE + i % GLYPH_WIDTH, i / GLYPH_WIDTH, 1, 1),
                        false);
                }
            }
        }
        return path;
    }

    /** The width of the text's outline, in font pixels. */
    static int width(String text) {
        return text.isEmpty() ? 0 : text.length() * ADVANCE - 1;
    }
}
