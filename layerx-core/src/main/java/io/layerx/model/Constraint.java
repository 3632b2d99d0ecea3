package io.layerx.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hard rule on a node's or its cluster's attributes, e.g. {@code cluster.name == sim-a},
 * {@code node.labels.zone != z3}, {@code node.labels.zone in (z1, z2)}.
 *
 * <p>Attributes: {@code node.name}, {@code node.provider}, {@code node.labels.KEY}, {@code cluster.name},
 * {@code cluster.kind}, {@code cluster.labels.KEY}. A missing attribute never equals anything, so
 * {@code !=} and {@code not in} hold for it.
 */
public record Constraint(String attribute, Operator operator, List<String> values) {

    public enum Operator {
        EQ("=="), NE("!="), IN("in"), NOT_IN("not in");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private static final Pattern EXPR = Pattern.compile(
            "^\\s*([A-Za-z0-9_.\\-/]+)\\s*(==|!=|\\bnot\\s+in\\b|\\bin\\b)\\s*(.+?)\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "^(node\\.name|node\\.provider|cluster\\.name|cluster\\.kind|(node|cluster)\\.labels\\.[A-Za-z0-9_.\\-/]+)$");

    public Constraint {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
    }

    /** Parses one expression; a malformed one yields the problem text instead. */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(null, "constraint is empty");
        }
        Matcher m = EXPR.matcher(text);
        if (!m.matches()) {
            return new Parsed(null, "constraint '" + text + "' is not of the form ATTRIBUTE (==|!=|in|not in) VALUE");
        }
        String attribute = m.group(1);
        if (!ATTRIBUTE.matcher(attribute).matches()) {
            return new Parsed(null, "constraint '" + text + "': unknown attribute '" + attribute
                    + "' (use node.name, node.provider, node.labels.KEY, cluster.name, cluster.kind, cluster.labels.KEY)");
        }
        String op = m.group(2).replaceAll("\\s+", " ");
        Operator operator = switch (op) {
            case "==" -> Operator.EQ;
            case "!=" -> Operator.NE;
            case "in" -> Operator.IN;
            default -> Operator.NOT_IN;
        };
        List<String> values = splitValues(m.group(3), operator);
        if (values.isEmpty()) {
            return new Parsed(null, "constraint '" + text + "' has no value");
        }
        return new Parsed(new Constraint(attribute, operator, values), null);
    }

    private static List<String> splitValues(String raw, Operator operator) {
        String v = raw.trim();
        if (operator == Operator.EQ || operator == Operator.NE) {
            return v.isEmpty() ? List.of() : List.of(unquote(v));
        }
        if ((v.startsWith("(") && v.endsWith(")")) || (v.startsWith("[") && v.endsWith("]"))) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            String p = unquote(part.trim());
            if (!p.isEmpty()) out.add(p);
        }
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Evaluates the rule against an attribute value ({@code null} when the node lacks it). */
    public boolean test(String actual) {
        return switch (operator) {
            case EQ, IN -> actual != null && values.contains(actual);
            case NE, NOT_IN -> actual == null || !values.contains(actual);
        };
    }

    /** The expression in the syntax {@link #parse} reads. */
    public String expression() {
        return switch (operator) {
            case EQ, NE -> attribute + " " + operator.symbol() + " " + values.getFirst();
            case IN, NOT_IN -> attribute + " " + operator.symbol() + " (" + String.join(", ", values) + ")";
        };
    }

    @Override
    public String toString() {
        return expression();
    }

    /** The outcome of {@link #parse}: exactly one of constraint and problem is set. */
    public record Parsed(Constraint constraint, String problem) {
        public boolean ok() {
            return constraint != null;
        }
    }
}
