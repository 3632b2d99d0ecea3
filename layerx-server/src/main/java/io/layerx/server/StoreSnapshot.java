package io.layerx.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.LayerXException;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Range;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.etcd.EtcdElection;
import io.layerx.web.auth.Tokens;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole installation in one file, which both stores read and write: a header line, then one line per key, each a
 * JSON object ({@code {"key": "/jobs/web", "value": "<base64>"}}). Export reads every key at one revision (election
 * keys excepted: they belong to running servers); import writes them into a store that holds none of them yet
 * (other than bearer tokens, e.g. the admin token of a server started on it), in batches, and may be run again
 * after it was interrupted.
 */
public final class StoreSnapshot {
    static final String FORMAT = "layerx-snapshot";
    static final int VERSION = 1;
    /** Keys per transaction: etcd's default limit of operations in one transaction is 128. */
    static final int BATCH = 100;
    private static final int MAX_PROBLEMS = 20;
    private static final ObjectMapper JSON = Codec.mapper();

    /** What an export or import moved. */
    public record Summary(int keys, long revision) {
    }

    private StoreSnapshot() {
    }

    /** Writes every key of {@code store} to {@code file} (replaced atomically; never left half written). */
    public static Summary export(Store store, Path file) throws IOException {
        Range all = store.list("");
        List<KeyValue> items = all.items().stream().filter(kv -> !isElection(kv.key())).toList();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ObjectNode header = JSON.createObjectNode().put("format", FORMAT).put("version", VERSION)
                    .put("revision", all.revision()).put("keys", items.size());
            out.write(JSON.writeValueAsString(header));
            out.newLine();
            for (KeyValue kv : items) {
                out.write(JSON.writeValueAsString(Map.of("key", kv.key(),
                        "value", Base64.getEncoder().encodeToString(kv.value()))));
                out.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Summary(items.size(), all.revision());
    }

    /**
     * Writes every key of {@code file} into {@code store}. {@code Invalid} lists what is wrong with the file, or the
     * keys the store already holds with other values; keys it holds with the same value are left as they are.
     */
    public static Summary importInto(Store store, Path file) throws IOException {
        Map<String, byte[]> wanted = read(file);
        Map<String, byte[]> missing = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> present = new LinkedHashMap<>();
        for (KeyValue kv : store.list("").items()) {
            if (!isElection(kv.key())) present.put(kv.key(), kv.value());
        }
        for (String key : present.keySet()) {
            if (!wanted.containsKey(key) && !key.startsWith(Tokens.PREFIX)) {
                problem(problems, "the store already holds " + key + ", which the file has not");
            }
        }
        wanted.forEach((key, value) -> {
            byte[] there = present.get(key);
            if (there == null) {
                missing.put(key, value);
            } else if (!Arrays.equals(there, value)) {
                problem(problems, "the store already holds " + key + " with another value");
            }
        });
        if (!problems.isEmpty()) {
            throw new LayerXException.Invalid("the store is not empty: import into a new store (or etcd prefix)",
                    problems);
        }
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>(missing.entrySet());
        long revision = store.revision();
        for (int i = 0; i < entries.size(); i += BATCH) {
            Txn.Builder txn = Txn.builder();
            for (Map.Entry<String, byte[]> e : entries.subList(i, Math.min(i + BATCH, entries.size()))) {
                txn.expectAbsent(e.getKey()).put(e.getKey(), e.getValue());
            }
            var r = store.commit(txn.build());
            if (!r.succeeded()) {
                throw new LayerXException.Conflict("something else wrote " + r.failedCompares()
                        + " while the import ran; nothing else should use the store during an import");
            }
            revision = r.revision();
        }
        return new Summary(wanted.size(), revision);
    }

    /** Reads and checks a snapshot file: every problem at once. */
    static Map<String, byte[]> read(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> out = new LinkedHashMap<>();
        long expected = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            JsonNode header = line == null ? null : parse(line);
            if (header == null || !FORMAT.equals(header.path("format").asText())) {
                throw new LayerXException.Invalid("not a LayerX snapshot: " + file,
                        List.of("the first line must be the header {\"format\": \"" + FORMAT + "\", ...}"));
            }
            if (header.path("version").asInt() != VERSION) {
                problem(problems, "snapshot version " + header.path("version") + " is not " + VERSION);
            }
            expected = header.path("keys").asLong(-1);
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) entry(line, number, out, problems);
            }
        }
        if (expected != out.size() && problems.isEmpty()) {
            problem(problems, "the header says " + expected + " keys but the file has " + out.size()
                    + " (is it cut short?)");
        }
        if (!problems.isEmpty()) throw new LayerXException.Invalid("the snapshot " + file + " is not valid", problems);
        return out;
    }

    private static void entry(String line, int number, Map<String, byte[]> out, List<String> problems) {
        JsonNode node = parse(line);
        String key = node == null ? "" : node.path("key").asText("");
        if (key.isEmpty() || !node.path("value").isTextual()) {
            problem(problems, "line " + number + ": expected {\"key\": \"...\", \"value\": \"<base64>\"}");
            return;
        }
        try {
            if (out.put(key, Base64.getDecoder().decode(node.path("value").asText())) != null) {
                problem(problems, "line " + number + ": key " + key + " appears twice");
            }
        } catch (IllegalArgumentException e) {
            problem(problems, "line " + number + ": the value of " + key + " is not base64");
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void problem(List<String> problems, String text) {
        if (problems.size() < MAX_PROBLEMS) problems.add(text);
    }

    private static boolean isElection(String key) {
        return key.startsWith(EtcdElection.PREFIX);
    }
}
