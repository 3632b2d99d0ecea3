package io.layerx.provider.task.kube;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as Kubernetes writes them: RFC 3339 to the second, and ages as kubectl shows them ({@code 5s}, {@code 3m2s}). */
final class Times {
    private Times() {
    }

    static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Instant parse(String s) {
        try {
            return s == null || s.isEmpty() ? Instant.EPOCH : Instant.parse(s);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** apimachinery's {@code HumanDuration}, as the AGE column shows it. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + "s";
        long m = s / 60;
        if (m < 10) return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        if (m < 180) return m + "m";
        long h = m / 60;
        if (h < 8) return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        if (h < 48) return h + "h";
        long days = h / 24;
        if (h < 24 * 8) return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        if (days < 365 * 2) return days + "d";
        return days / 365 + "y";
    }
}
