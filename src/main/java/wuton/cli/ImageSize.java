package wuton.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import wuton.common.UserError;

/**
 * An image size given on the command line as HEIGHTxWIDTH, the way try-on papers write it ("256x192").
 * Parsing only checks the form; each command checks the range it supports.
 */
record ImageSize(int height, int width) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*x\\s*(\\d{1,6})\\s*");

    /** Parses "HxW", or throws a user error that quotes the text. */
    static ImageSize parse(String text) {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UserError("--size " + text + ": expected HEIGHTxWIDTH, for example 256x192");
        }
        return new ImageSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
