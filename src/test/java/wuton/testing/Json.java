package wuton.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads values out of JSON in tests, failing on a missing field (Jackson reads a missing number as 0). */
public final class Json {
    private Json() {
    }

    /** The number at a JSON pointer such as {@code /metrics/ssim/mean}. */
    public static double number(JsonNode root, String pointer) {
        JsonNode node = root.at(pointer);
        if (!node.isNumber()) {
            throw new AssertionError("expected a number at " + pointer + ", found " + (node.isMissingNode() ? "nothing" : node));
        }
        return node.asDouble();
    }

    /** The integer at a JSON pointer. */
    public static int integer(JsonNode root, String pointer) {
        JsonNode node = root.at(pointer);
        if (!node.isIntegralNumber()) {
            throw new AssertionError("expected an integer at " + pointer + ", found " + (node.isMissingNode() ? "nothing" : node));
        }
        return node.asInt();
    }
}
