package io.layerx.provider.task.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.store.KeyValue;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Kubernetes objects as their users wrote them (metadata and spec: labels, annotations such as kubectl's
 * last-applied configuration), durable in the store under {@code /kube/RESOURCE/NAMESPACE/NAME}; the resource
 * version of an object is the store revision of its last write. What runs is the LayerX job of the object.
 */
final class KubeObjects {

    static final String PREFIX = "/kube/";
    static final List<String> BUILTIN_NAMESPACES = List.of("default", "kube-system", "kube-public");

    /** One stored object and the revision it was written at. */
    record Stored(ObjectNode object, long revision) {
        String name() {
            return object.path("metadata").path("name").asText();
        }
    }

    private final Store store;
    private final InstantSource clock;

    KubeObjects(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Writes the namespaces every cluster has, when missing. */
    void start() {
        for (String ns : BUILTIN_NAMESPACES) {
            if (get(Kind.NAMESPACES, "", ns).isEmpty()) {
                ObjectNode n = KubeJson.object().put("apiVersion", "v1").put("kind", "Namespace");
                n.putObject("metadata").put("name", ns);
                create(Kind.NAMESPACES, "", n);
            }
        }
    }

    static String key(Kind kind, String namespace, String name) {
        return PREFIX + kind.plural() + "/" + (kind.namespaced() ? namespace : "") + "/" + name;
    }

    Optional<Stored> get(Kind kind, String namespace, String name) {
        return store.get(key(kind, namespace, name)).map(KubeObjects::stored);
    }

    /** The objects of {@code kind} in {@code namespace} (every namespace when null). */
    List<Stored> list(Kind kind, String namespace) {
        String prefix = PREFIX + kind.plural() + "/" + (namespace == null || !kind.namespaced() ? "" : namespace + "/");
        return store.list(prefix).items().stream().map(KubeObjects::stored).toList();
    }

    /** Stores a new object, stamping uid and creation time; AlreadyExists when there is one of that name. */
    Stored create(Kind kind, String namespace, ObjectNode obj) {
        ObjectNode meta = (ObjectNode) obj.path("metadata");
        String name = meta.path("name").asText();
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Times.format(clock.instant()));
        meta.put("generation", 1);
        if (kind.namespaced()) meta.put("namespace", namespace);
        meta.remove("resourceVersion");
        String key = key(kind, namespace, name);
        TxnResult r = store.commit(Txn.builder().expectAbsent(key).put(key, KubeJson.bytes(obj)).build());
        if (!r.succeeded()) throw KubeError.alreadyExists(kind, name);
        return new Stored(obj, r.revision());
    }

    /**
     * Replaces {@code old} with {@code obj}: uid, creation time and namespace are kept, the generation grows when
     * the spec changed. Conflict when the object changed since {@code old} was read.
     */
    Stored update(Kind kind, String namespace, Stored old, ObjectNode obj) {
        ObjectNode meta = (ObjectNode) obj.with("metadata");
        ObjectNode before = (ObjectNode) old.object().path("metadata");
        for (String keep : List.of("name", "uid", "creationTimestamp", "namespace")) {
            if (before.has(keep)) meta.set(keep, before.get(keep));
        }
        long generation = before.path("generation").asLong(1);
        meta.put("generation", obj.path("spec").equals(old.object().path("spec")) ? generation : generation + 1);
        meta.remove("resourceVersion");
        obj.remove("status");
        String key = key(kind, namespace, old.name());
        TxnResult r = store.commit(Txn.builder().expect(key, old.revision()).put(key, KubeJson.bytes(obj)).build());
        if (!r.succeeded()) {
            throw KubeError.conflict("Operation cannot be fulfilled on " + kind.qualified() + " \"" + old.name()
                    + "\": the object has been modified; please apply your changes to the latest version and try again");
        }
        return new Stored(obj, r.revision());
    }

    void delete(Kind kind, String namespace, String name) {
        store.commit(Txn.builder().delete(key(kind, namespace, name)).build());
    }

    private static Stored stored(KeyValue kv) {
        return new Stored((ObjectNode) KubeJson.parse(kv.value()), kv.modRevision());
    }
}
