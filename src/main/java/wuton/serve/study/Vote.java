package wuton.serve.study;

import java.time.Instant;
import java.util.Locale;

/**
 * One participant's choice between two results.
 *
 * @param participant the participant's id (from their cookie)
 * @param position    which of the participant's votes this is, 0 first
 * @param pair        the study pair shown
 * @param leftModel   the model whose result was on the left
 * @param rightModel  the model whose result was on the right
 * @param side        the side chosen
 * @param time        when the vote arrived
 */
public record Vote(String participant, int position, int pair, String leftModel, String rightModel, Side side,
                   Instant time) {
    /** A side of the page. */
    public enum Side {
        LEFT, RIGHT;

        /** "left" or "right", as forms and the store spell it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The side a form or the store spells {@code word}; null for anything else. */
        public static Side of(String word) {
            for (Side side : values()) {
                if (side.word().equals(word)) {
                    return side;
                }
            }
            return null;
        }
    }

    /** The model chosen. */
    public String chosenModel() {
        return side == Side.LEFT ? leftModel : rightModel;
    }
}
