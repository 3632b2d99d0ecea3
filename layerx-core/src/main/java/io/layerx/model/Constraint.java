package io.layerx.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule on a node's or its cluster's attributes, e.g. {@code cluster.name == sim-a}, {@code node.labels.zone != z3},
 * {@code node.zone in (z1, z2)}, {@code node.labels.gpu exists}, {@code node.name =~ /web-[0-9]+/},
 * {@code node.name == web-*} (a value with {@code *} or {@code ?} is a glob, as in Swarm).
 *
 * <p>Attributes: {@code node.name} (also {@code node.hostname}), {@code node.provider}, {@code node.zone},
 * {@code node.region} (the node's {@code zone}/{@code region} label, else its cluster's), {@code node.labels.KEY},
 * {@code cluster.name}, {@code cluster.kind}, {@code cluster.labels.KEY}. A missing attribute satisfies only the
 * negative operators ({@code !=}, {@code not in}, {@code !~}, {@code not exists}).
 */
public record Constraint(String attribute, Operator operator, List<String> values) {

    public enum Operator {
        EQ("=="), NE("!="), IN("in"), NOT_IN("not in"), EXISTS("exists"), NOT_EXISTS("not exists"),
        MATCHES("=~"), NOT_MATCHES("!~");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean takesValue() {
            return this != EXISTS && this != NOT_EXISTS;
        }

        boolean negative() {
            return this == NE || this == NOT_IN || this == NOT_EXISTS || this == NOT_MATCHES;
        }
    }

    private static final Pattern EXPR = Pattern.compile(
            "^\\s*([A-Za-z0-9_.\\-/]+)\\s*(==|!=|=~|!~|\\bnot\\s+in\\b|\\bin\\b|\\bnot\\s+exists\\b|\\bexists\\b)\\s*(.*?)\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile("^(node\\.(name|hostname|provider|zone|region)"
            + "|cluster\\.(name|kind)|(node|cluster)\\.labels\\.[A-Za-z0-9_.\\-/]+)$");
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

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
            return new Parsed(null, "constraint '" + text + "' is not of the form ATTRIBUTE OP VALUE "
                    + "(OP: ==, !=, in, not in, =~, !~, exists, not exists)");
        }
        String attribute = m.group(1);
        if (!ATTRIBUTE.matcher(attribute).matches()) {
            return new Parsed(null, "constraint '" + text + "': unknown attribute '" + attribute
                    + "' (use node.name, node.hostname, node.provider, node.zone, node.region, node.labels.KEY, "
                    + "cluster.name, cluster.kind, cluster.labels.KEY)");
        }
        Operator operator = operatorOf(m.group(2).replaceAll("\\s+", " "));
        List<String> values = splitValues(m.group(3), operator);
        if (operator.takesValue() && values.isEmpty()) {
            return new Parsed(null, "constraint '" + text + "' has no value");
        }
        if (!operator.takesValue() && !m.group(3).isBlank()) {
            return new Parsed(null, "constraint '" + text + "': '" + operator.symbol() + "' takes no value");
        }
        if (operator == Operator.MATCHES || operator == Operator.NOT_MATCHES) {
            try {
                pattern(values.getFirst());
            } catch (PatternSyntaxException e) {
                return new Parsed(null, "constraint '" + text + "': bad regular expression: " + e.getDescription());
            }
        }
        return new Parsed(new Constraint(attribute, operator, values), null);
    }

    private static Operator operatorOf(String op) {
        return switch (op) {
            case "==" -> Operator.EQ;
            case "!=" -> Operator.NE;
            case "=~" -> Operator.MATCHES;
            case "!~" -> Operator.NOT_MATCHES;
            case "in" -> Operator.IN;
            case "not in" -> Operator.NOT_IN;
            case "exists" -> Operator.EXISTS;
            default -> Operator.NOT_EXISTS;
        };
    }

    private static List<String> splitValues(String raw, Operator operator) {
        String v = raw.trim();
        if (!operator.takesValue()) return List.of();
        if (operator == Operator.MATCHES || operator == Operator.NOT_MATCHES) {
            if (v.length() >= 2 && v.startsWith("/") && v.endsWith("/")) v = v.substring(1, v.length() - 1);
            return v.isEmpty() ? List.of() : List.of(v);
        }
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

    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    private static boolean globMatch(String glob, String actual) {
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) return glob.equals(actual);
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return pattern(re.toString()).matcher(actual).matches();
    }

    /** Evaluates the rule against an attribute value ({@code null} when the node lacks it). */
    public boolean test(String actual) {
        if (actual == null) return operator.negative();
        return switch (operator) {
            case EQ -> globMatch(values.getFirst(), actual);
            case NE -> !globMatch(values.getFirst(), actual);
            case IN -> values.contains(actual);
            case NOT_IN -> !values.contains(actual);
            case EXISTS -> true;
            case NOT_EXISTS -> false;
            case MATCHES -> pattern(values.getFirst()).matcher(actual).find();
            case NOT_MATCHES -> !pattern(values.getFirst()).matcher(actual).find();
        };
    }

    /** The expression in the syntax {@link #parse} reads. */
    public String expression() {
        return switch (operator) {
            case EQ, NE -> attribute + " " + operator.symbol() + " " + values.getFirst();
            case MATCHES, NOT_MATCHES -> attribute + " " + operator.symbol() + " /" + values.getFirst() + "/";
            case IN, NOT_IN -> attribute + " " + operator.symbol() + " (" + String.join(", ", values) + ")";
            case EXISTS, NOT_EXISTS -> attribute + " " + operator.symbol();
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
