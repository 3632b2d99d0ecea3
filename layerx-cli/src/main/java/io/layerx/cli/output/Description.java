package io.layerx.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * One object described for a person, like {@code kubectl describe}: aligned {@code Key:  value} lines, then
 * optional titled sections.
 */
public final class Description {

    private record Field(String key, String value) {
    }

    private final List<Field> fields = new ArrayList<>();
    private final StringBuilder sections = new StringBuilder();

    public Description field(String key, String value) {
        fields.add(new Field(key, Cells.orDash(value)));
        return this;
    }

    /** A blank line, the title, then {@code body} as it is (a table), or {@code (none)} when it is empty. */
    public Description section(String title, String body) {
        sections.append('\n').append(title).append(":\n");
        sections.append(body.isEmpty() ? "  (none)\n" : body);
        return this;
    }

    /** A section of one indented line per entry. */
    public Description section(String title, List<String> lines) {
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append("  ").append(l).append('\n'));
        return section(title, body.toString());
    }

    public String render() {
        int width = fields.stream().mapToInt(f -> f.key().length()).max().orElse(0) + 1;
        StringBuilder out = new StringBuilder();
        for (Field f : fields) {
            String key = f.key() + ":";
            out.append(key).append(" ".repeat(width - key.length() + 2)).append(f.value()).append('\n');
        }
        return out.append(sections).toString();
    }
}
