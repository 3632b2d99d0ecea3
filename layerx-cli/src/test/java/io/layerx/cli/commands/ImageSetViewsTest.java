package io.layerx.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import org.junit.jupiter.api.Test;

/** How image sets read for people: each node's state graph, the roll's status, the set's events. */
class ImageSetViewsTest {

    private static final String SET = """
            {"name": "sys", "target": 2, "previous": 1, "versions": [1, 2], "paused": false, "phase": "failed",
             "failedNode": "h1", "failure": "proxy: failed: no such image in the engine's local store: local/nope",
             "spec": {"members": [{"name": "proxy", "driver": "docker", "image": "local/nope"}], "selector": {}, "maxUnavailable": 1},
             "nodes": [
               {"node": "h1", "state": "failed", "version": 2, "ready": 1, "reason": "proxy: failed: no such image"},
               {"node": "h2", "state": "ready", "version": 1, "ready": 1, "reason": ""}]}""";

    private static JsonNode json(String text) throws Exception {
        return Codec.mapper().readTree(text);
    }

    @Test
    void eachNodeIsDrawnWithItsStateInBrackets() throws Exception {
        JsonNode nodes = json(SET).path("nodes");
        assertThat(ImageSetCommand.graph(nodes.get(0))).isEqualTo(
                "h1                   v2   absent > pulling > starting > ready  | draining | [FAILED]   proxy: failed: no such image");
        assertThat(ImageSetCommand.graph(nodes.get(1))).isEqualTo(
                "h2                   v1   absent > pulling > starting > [READY]  | draining | failed");
    }

    @Test
    void aStoppedRollSaysWhereAndWhy() throws Exception {
        assertThat(ImageSetCommand.rolloutStatus(json(SET))).startsWith("image set sys: the roll to version 2 stopped on node h1: "
                + "proxy: failed: no such image in the engine's local store: local/nope\n  h1 ");
        assertThat(ImageSetCommand.eventDetail(json("""
                {"name": "sys", "target": 2, "failedNode": null, "nodes": {"h1": {"node": "h1", "state": "draining"},
                 "h2": {"node": "h2", "state": "ready"}}}"""))).isEqualTo("version 2: h1 draining, h2 ready");
    }
}
