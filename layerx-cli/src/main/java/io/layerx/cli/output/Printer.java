package io.layerx.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.store.Codec;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/**
 * Prints API objects in the chosen format: a table or a description for people, the objects themselves as JSON or
 * YAML for scripts.
 */
public final class Printer {

    private static final ObjectWriter JSON = Codec.mapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));
    private static final ObjectWriter YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build()).writer();

    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;

    public Printer(OutputFormat format, PrintWriter out, PrintWriter err) {
        this.format = format;
        this.out = out;
        this.err = err;
    }

    /**
     * A listing. As a table, an empty one says {@code No NOUN found.} on stderr (like kubectl), keeping stdout
     * parseable.
     */
    public void list(JsonNode items, List<Column> columns, String noun) {
        switch (format) {
            case TABLE -> {
                Table t = Table.of(columns, items);
                if (t.isEmpty()) {
                    err.println("No " + noun + " found.");
                } else {
                    out.print(t.render());
                }
            }
            case JSON, YAML -> data(items);
        }
        flush();
    }

    /** One object: described for people, as it is for scripts. */
    public void one(JsonNode object, Function<JsonNode, String> describe) {
        switch (format) {
            case TABLE -> out.print(describe.apply(object));
            case JSON, YAML -> data(object);
        }
        flush();
    }

    private void data(JsonNode value) {
        try {
            switch (format) {
                case JSON -> out.println(value.isContainerNode() && value.isEmpty()
                        ? (value.isArray() ? "[]" : "{}") : JSON.writeValueAsString(value));
                case YAML -> out.print(YAML.writeValueAsString(value));
                case TABLE -> throw new IllegalStateException("not a data format");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print " + format, e);
        }
    }

    private void flush() {
        out.flush();
        err.flush();
    }
}
