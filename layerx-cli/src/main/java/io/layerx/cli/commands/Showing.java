package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.output.OutputOptions;
import java.time.Instant;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;

/** A {@code get} command: one named object, described for people or as JSON/YAML. */
abstract class Showing extends OnNamed {

    @Mixin
    OutputOptions output;

    private final String collection;
    private final BiFunction<JsonNode, Instant, String> describe;

    /**
     * @param collection where the objects live, e.g. {@code /v1/nodes}: the object is {@code collection/NAME}
     * @param describe   the object for people, given the time ages are measured to
     */
    Showing(String collection, BiFunction<JsonNode, Instant, String> describe) {
        this.collection = collection;
        this.describe = describe;
    }

    /** Reads the object; a command that shows more than the object itself adds to it here. */
    JsonNode fetch(ApiClient client) {
        return client.get(collection + "/" + ApiClient.segment(name));
    }

    @Override
    public Integer call() {
        try (ApiClient client = api.client()) {
            JsonNode object = fetch(client);
            output.printer().one(object, x -> describe.apply(x, output.now()));
        }
        return 0;
    }
}
