package io.layerx.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.store.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** HTTP from inside a namespace, with curl: to the LayerX API of a server there, or to a task's port. */
record NetnsApi(String ns, String base, String token) {

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return Codec.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    Reply get(String path) {
        return curl(List.of(base + path));
    }

    Reply post(String path, String json) {
        return curl(List.of("-X", "POST", "-H", "Content-Type: application/json", "--data-binary", json, base + path));
    }

    JsonNode json(String path) {
        Reply r = get(path);
        if (r.status() != 200) throw new IllegalStateException("GET " + path + ": " + r.status() + " " + r.body());
        return r.json();
    }

    private Reply curl(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-m", "10", "-w", "\n%{http_code}"));
        if (token != null) cmd.addAll(List.of("-H", "Authorization: Bearer " + token));
        cmd.addAll(args);
        String out;
        try {
            out = TestHosts.run(TestHosts.in(ns, cmd).toArray(String[]::new));
        } catch (IllegalStateException e) {
            return new Reply(0, e.getMessage());
        }
        int nl = out.lastIndexOf('\n');
        return new Reply(Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
    }
}
