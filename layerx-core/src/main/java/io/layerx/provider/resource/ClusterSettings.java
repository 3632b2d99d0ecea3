package io.layerx.provider.resource;

import java.util.List;
import java.util.Map;

/** Reading a cluster's settings (strings, as the API and CLI carry them) the same way for every provider kind. */
public final class ClusterSettings {

    private ClusterSettings() {
    }

    /** The whole number under {@code key}, between {@code min} and {@code max}; missing or blank is {@code dflt}. */
    public static long number(Map<String, String> settings, String key, long dflt, long min, long max, List<String> problems) {
        String raw = settings.get(key);
        return raw == null || raw.isBlank() ? dflt : parse(key, raw, dflt, min, max, problems);
    }

    /**
     * Like {@link #number} for a setting a {@code kind} cluster cannot do without: missing is a problem, and
     * {@code min} stands in so that reading goes on and every problem is listed at once.
     */
    public static long required(Map<String, String> settings, String kind, String key, long min, long max, List<String> problems) {
        String raw = settings.get(key);
        if (raw == null || raw.isBlank()) {
            problems.add(kind + " cluster needs " + key);
            return min;
        }
        return parse(key, raw, min, min, max, problems);
    }

    private static long parse(String key, String raw, long fallback, long min, long max, List<String> problems) {
        try {
            long v = Long.parseLong(raw.strip());
            if (v < min || v > max) problems.add(key + " must be between " + min + " and " + max + ", got " + v);
            return v;
        } catch (NumberFormatException e) {
            problems.add(key + " must be a whole number, got '" + raw + "'");
            return fallback;
        }
    }
}
