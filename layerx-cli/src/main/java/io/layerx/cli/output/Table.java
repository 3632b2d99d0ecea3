package io.layerx.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns with a header line, like kubectl: each column as wide as its widest cell, three spaces between
 * columns, no trailing blanks.
 */
public final class Table {

    private static final String GAP = "   ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public static Table of(List<Column> columns, Iterable<JsonNode> items) {
        Table t = new Table(columns.stream().map(Column::header).toList());
        for (JsonNode item : items) {
            t.add(columns.stream().map(c -> Cells.orDash(c.cell().apply(item))).toList());
        }
        return t;
    }

    public Table add(List<String> row) {
        if (row.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, table has " + headers.size());
        }
        rows.add(List.copyOf(row));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table as text, each line ending in a newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        measure(headers, widths);
        rows.forEach(r -> measure(r, widths));
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(r -> line(out, r, widths));
        return out.toString();
    }

    private static void measure(List<String> row, int[] widths) {
        for (int i = 0; i < row.size(); i++) {
            widths[i] = Math.max(widths[i], row.get(i).length());
        }
    }

    private static void line(StringBuilder out, List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            line.append(cell);
            if (i < row.size() - 1) line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
