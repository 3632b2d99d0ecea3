package io.layerx.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** One column of a table: its header and how to read a row's cell from an API object. */
public record Column(String header, Function<JsonNode, String> cell) {
}
