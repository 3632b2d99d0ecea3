package io.layerx.layers;

import io.layerx.model.JobValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every problem of an image set at once. */
public final class ImageSetValidator {

    /** Set and member names share a member job's name with a node's, so they are kept short. */
    static final int MAX_NAME = 24;

    private ImageSetValidator() {
    }

    public static List<String> problems(ImageSet set) {
        List<String> out = new ArrayList<>();
        name("name", set.name(), out);
        if (set.members().isEmpty()) out.add("members: an image set needs at least one member");
        if (set.maxUnavailable() < 1) out.add("maxUnavailable must be 1 or more, got " + set.maxUnavailable());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < set.members().size(); i++) {
            Member m = set.members().get(i);
            String at = "members[" + i + "]";
            if (!seen.add(m.name())) out.add(at + ".name: '" + m.name() + "' appears twice");
            out.addAll(problems(at, m));
        }
        return out;
    }

    /** The problems of one member, {@code at} its place in the set (e.g. {@code members[2]}). */
    public static List<String> problems(String at, Member m) {
        List<String> out = new ArrayList<>();
        name(at + ".name", m.name(), out);
        switch (m.driver()) {
            case "docker" -> {
                if (m.image() == null || m.image().isBlank()) out.add(at + ": a container (docker) member needs an image");
            }
            case "exec" -> {
                if (m.command().isEmpty()) out.add(at + ": a process (exec) member needs a command");
                if (m.image() != null) out.add(at + ": a process (exec) member takes no image");
            }
            default -> out.add(at + ".driver: '" + m.driver() + "' is not one of docker, exec");
        }
        if (m.backoff().isNegative()) out.add(at + ".backoff must not be negative");
        return out;
    }

    private static void name(String field, String value, List<String> out) {
        if (value == null || value.length() > MAX_NAME || !JobValidator.NAME.matcher(value).matches()) {
            out.add(field + ": '" + value + "' must be 1 to " + MAX_NAME
                    + " lower case letters, digits or '-', starting and ending with a letter or digit");
        }
    }
}
