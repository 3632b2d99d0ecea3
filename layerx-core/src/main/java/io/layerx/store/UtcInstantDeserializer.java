package io.layerx.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads instants in the form LayerX writes them ({@link Instant#toString()}: {@code 2026-12-07T00:39:12.123456Z},
 * zero to nine digits of fraction) straight from the digits, and anything else (offsets, numbers) with jsr310's
 * {@link InstantDeserializer}. The view decodes every task record the store holds, several instants each, and
 * jsr310's {@code DateTimeFormatter} parse was a tenth of the CPU of a run of one-task jobs.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            Instant utc = parse(p.getText());
            if (utc != null) return utc;
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    /** The instant {@code s} names in {@link Instant#toString()}'s form, or null when it is not in that form. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return null;
        int nanos = 0;
        if (n > 20) {
            int fraction = digits(s, 20, n - 21);
            if (s.charAt(19) != '.' || fraction < 0) return null;
            nanos = fraction * SCALE[n - 22];
        }
        long day0;
        try {
            day0 = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(day0 * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The value of {@code len} decimal digits at {@code from}, or -1 when one of them is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
