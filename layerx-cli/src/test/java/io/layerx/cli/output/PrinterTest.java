package io.layerx.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterTest {

    private static final List<Column> COLUMNS = List.of(
            new Column("ID", t -> Cells.text(t, "id")),
            new Column("NODE", t -> Cells.text(t, "node")));

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Printer printer(OutputFormat format) {
        return new Printer(format, new PrintWriter(out), new PrintWriter(err));
    }

    private static JsonNode tasks() throws Exception {
        return Codec.mapper().readTree("[{\"id\": \"web-1\", \"node\": \"sim-a-3\", \"state\": \"running\"},"
                + " {\"id\": \"web-2\", \"node\": null, \"state\": \"pending\"}]");
    }

    @Test
    void tableShowsDashForMissingCells() throws Exception {
        printer(OutputFormat.TABLE).list(tasks(), COLUMNS, "tasks");
        assertThat(out.toString()).isEqualTo("""
                ID      NODE
                web-1   sim-a-3
                web-2   -
                """);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anEmptyTableSaysSoOnStderr() throws Exception {
        printer(OutputFormat.TABLE).list(Codec.mapper().readTree("[]"), COLUMNS, "tasks");
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("No tasks found." + System.lineSeparator());
    }

    @Test
    void jsonIsTheObjectsThemselvesAndReadsBack() throws Exception {
        printer(OutputFormat.JSON).list(tasks(), COLUMNS, "tasks");
        assertThat(Codec.mapper().readTree(out.toString())).isEqualTo(tasks());
        assertThat(out.toString()).contains("\"id\": \"web-1\"");
    }

    @Test
    void jsonOfAnEmptyListIsAnEmptyArray() throws Exception {
        printer(OutputFormat.JSON).list(Codec.mapper().readTree("[]"), COLUMNS, "tasks");
        assertThat(out.toString().strip()).isEqualTo("[]");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void yamlIsAListOfMappings() throws Exception {
        printer(OutputFormat.YAML).list(tasks(), COLUMNS, "tasks");
        assertThat(out.toString()).startsWith("- id: web-1\n  node: sim-a-3\n  state: running\n- id: web-2\n");
    }

    @Test
    void oneObjectIsDescribedAsATableAndDumpedOtherwise() throws Exception {
        JsonNode task = tasks().get(0);
        printer(OutputFormat.TABLE).one(task, t -> new Description().field("ID", Cells.text(t, "id"))
                .field("Node", Cells.text(t, "node")).render());
        assertThat(out.toString()).isEqualTo("ID:    web-1\nNode:  sim-a-3\n");
        out.getBuffer().setLength(0);
        printer(OutputFormat.YAML).one(task, t -> "unused");
        assertThat(out.toString()).isEqualTo("id: web-1\nnode: sim-a-3\nstate: running\n");
    }
}
