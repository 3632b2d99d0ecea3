package io.layerx.cli.commands;

import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.OutputOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;

/** A {@code list} command: the objects at one API path, as columns for people or as JSON/YAML. */
abstract class Listing implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Mixin
    OutputOptions output;

    private final String path;
    private final String plural;
    private final Function<Instant, List<Column>> columns;

    /**
     * @param path    the collection, e.g. {@code /v1/nodes}
     * @param plural  its name in messages ("no nodes")
     * @param columns the table's columns, given the time ages are measured to
     */
    Listing(String path, String plural, Function<Instant, List<Column>> columns) {
        this.path = path;
        this.plural = plural;
        this.columns = columns;
    }

    /** The filters the command's options give (null values are left out). */
    Map<String, String> query() {
        return Map.of();
    }

    @Override
    public Integer call() {
        try (ApiClient client = api.client()) {
            output.printer().list(client.list(path, query()), columns.apply(output.now()), plural);
        }
        return 0;
    }
}
