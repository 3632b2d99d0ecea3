package io.layerx.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A layer-2 job's need for a layer-1 image set on its node: {@code imageset=gpu-drivers>=2} places the job's tasks
 * only on nodes where version 2 or later of the set {@code gpu-drivers} is ready. The layer controller says so on the
 * node by the label {@code imageset.NAME = VERSION} (present only while the set is ready there).
 *
 * @param minVersion the lowest version that satisfies the need (1 when the expression names no version)
 */
public record Requirement(String imageSet, long minVersion) {

    /** The prefix of the node labels that say which image sets are ready on a node, and at which version. */
    public static final String LABEL_PREFIX = "imageset.";

    private static final Pattern EXPR = Pattern.compile("^\\s*imageset\\s*=\\s*([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)"
            + "\\s*(>=\\s*([0-9]{1,18}))?\\s*$");

    public Requirement {
        Objects.requireNonNull(imageSet, "imageSet");
        if (minVersion < 1) throw new IllegalArgumentException("minVersion must be at least 1");
    }

    /** An expression, or the problem with it. */
    public record Parsed(Requirement requirement, String problem) {
        public boolean ok() {
            return requirement != null;
        }
    }

    public static Parsed parse(String text) {
        Matcher m = EXPR.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return new Parsed(null, "requirement '" + text + "' is not of the form imageset=NAME or imageset=NAME>=VERSION"
                    + " (NAME: lower case letters, digits and '-'; VERSION: 1 or more)");
        }
        long v = m.group(4) == null ? 1 : Long.parseLong(m.group(4));
        if (v < 1) return new Parsed(null, "requirement '" + text + "': the version must be 1 or more");
        return new Parsed(new Requirement(m.group(1), v), null);
    }

    /** The label a node carries while this set is ready on it. */
    public static String label(String imageSet) {
        return LABEL_PREFIX + imageSet;
    }

    /** True when the node says the set is ready on it at {@link #minVersion} or later. */
    public boolean satisfiedBy(Node node) {
        String v = node.labels().get(label(imageSet));
        if (v == null) return false;
        try {
            return Long.parseLong(v) >= minVersion;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public String expression() {
        return "imageset=" + imageSet + ">=" + minVersion;
    }
}
