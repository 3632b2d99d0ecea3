package io.layerx.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.util.stream.Collectors;

/** How problems of input are put into words. */
public final class Problems {
    private Problems() {
    }

    /** {@code "job file has 3 problems"}. */
    public static String summary(String what, List<String> problems) {
        return what + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }

    /**
     * One sentence for a parse or binding failure of {@code what} (e.g. "request body"), with its line and column
     * where the parser knows them; never a Java type name.
     */
    public static String describe(String what, String syntax, JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return what + ": unknown field '" + path(u) + "'";
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return what + ": field '" + path(m) + "' has the wrong type" + at(e.getLocation());
        }
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            return what + " is not valid " + syntax + " at line " + (y.getProblemMark().getLine() + 1) + ", column "
                    + (y.getProblemMark().getColumn() + 1) + ": " + y.getProblem()
                    + (y.getContext() == null ? "" : " (" + y.getContext() + ")");
        }
        String message = e.getOriginalMessage() == null ? "unreadable" : firstLine(e.getOriginalMessage());
        return what + " is not valid " + syntax + at(e.getLocation()) + ": " + message;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String at(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) return "";
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        // Jackson appends advice that names its own API; the reader needs none of it
        int advice = line.indexOf(" (for ");
        return advice > 0 ? line.substring(0, advice) : line;
    }
}
