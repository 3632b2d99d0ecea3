package io.layerx.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The text of one table cell or description value, read from an API object. */
public final class Cells {

    /** Task states in their life order, for counts. */
    private static final List<String> STATE_ORDER =
            List.of("pending", "assigned", "starting", "running", "exited", "failed", "killed", "lost");

    private Cells() {
    }

    public static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** The field as text; {@code null} when missing or JSON null. */
    public static String text(JsonNode object, String field) {
        JsonNode v = object.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** Millicores, e.g. {@code 250m}. */
    public static String cpu(JsonNode resources) {
        JsonNode v = resources.path("cpu");
        return v.isNumber() ? v.asLong() + "m" : null;
    }

    /** MiB, e.g. {@code 128Mi}. */
    public static String memory(JsonNode resources) {
        JsonNode v = resources.path("memory");
        return v.isNumber() ? v.asLong() + "Mi" : null;
    }

    /** {@code used/total} of one dimension, e.g. {@code 750m/4000m}. */
    public static String usage(JsonNode object, String dimension) {
        JsonNode used = object.path("allocated");
        JsonNode total = object.path("capacity");
        String u = "cpu".equals(dimension) ? cpu(used) : memory(used);
        String t = "cpu".equals(dimension) ? cpu(total) : memory(total);
        if (t == null) return null;
        return (u == null ? "0" : u) + "/" + t;
    }

    /** {@code k=v,k2=v2} in the server's order. */
    public static String pairs(JsonNode map) {
        StringJoiner j = new StringJoiner(",");
        map.properties().forEach(e -> j.add(e.getKey() + "=" + e.getValue().asText()));
        return j.toString();
    }

    /** Task counts by state, non-zero ones in life order: {@code running=3 pending=2}. */
    public static String counts(JsonNode counts) {
        List<String> out = new ArrayList<>();
        for (String state : STATE_ORDER) {
            int n = counts.path(state).asInt(0);
            if (n > 0) out.add(state + "=" + n);
        }
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            if (!STATE_ORDER.contains(e.getKey()) && e.getValue().asInt(0) > 0) {
                out.add(e.getKey() + "=" + e.getValue().asInt());
            }
        }
        return String.join(" ", out);
    }

    /** How long ago the ISO-8601 time in {@code field} was, kubectl style; {@code null} if absent. */
    public static String age(JsonNode object, String field, Instant now) {
        String t = text(object, field);
        if (t == null) return null;
        try {
            return age(Duration.between(Instant.parse(t), now));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** 45s, 3m20s, 25m, 5h10m, 30h, 3d4h, 20d, 2y10d, 9y. */
    public static String age(Duration d) {
        long s = d.toSeconds();
        if (s < 0) return "0s";
        if (s < 120) return s + "s";
        long m = s / 60;
        if (m < 10) return s % 60 == 0 ? m + "m" : m + "m" + s % 60 + "s";
        if (m < 180) return m + "m";
        long h = m / 60;
        if (h < 8) return m % 60 == 0 ? h + "h" : h + "h" + m % 60 + "m";
        if (h < 48) return h + "h";
        long days = h / 24;
        if (days < 8) return h % 24 == 0 ? days + "d" : days + "d" + h % 24 + "h";
        if (days < 365 * 2) return days + "d";
        long y = days / 365;
        if (y < 8) return days % 365 == 0 ? y + "y" : y + "y" + days % 365 + "d";
        return y + "y";
    }
}
