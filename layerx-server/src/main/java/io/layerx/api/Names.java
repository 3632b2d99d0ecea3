package io.layerx.api;

import java.util.regex.Pattern;

/** The rule for names of jobs and clusters: a DNS label. */
final class Names {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Names() {
    }

    static boolean valid(String name) {
        return NAME.matcher(name).matches();
    }

    static String problem(String field, String value) {
        return field + " '" + value + "' must be 1 to 63 lower-case letters, digits or '-', starting and ending"
                + " with a letter or digit";
    }
}
