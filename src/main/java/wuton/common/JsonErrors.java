package wuton.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Jackson's errors as the one-line messages of a {@link UserError}, without Jackson's internals. */
public final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * What is wrong with a JSON file, in the file's terms rather than Jackson's (which names Java types):
     * "bad value for 'model.height' at line 3, column 15", or a config's own message.
     */
    public static String describe(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof UserError invalid) {
            return invalid.getMessage(); // a config that parses but cannot be: "TPS grid size 1: must be 2 to 16"
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
            String allowed = e instanceof InvalidFormatException format && format.getTargetType().isEnum()
                ? " (one of " + Arrays.toString(format.getTargetType().getEnumConstants()) + ")" : "";
            return "bad value for '" + field + "'" + allowed + where;
        }
        return "malformed JSON" + where;
    }
}
