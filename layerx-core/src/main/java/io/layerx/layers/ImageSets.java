package io.layerx.layers;

import io.layerx.model.LayerXException;
import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Keys;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the API does with image sets: apply a version, list, show, pause, resume, roll back and delete. Each write is one
 * compare-on-revision transaction on the set's history; the layer controller follows the history. Thread-safe.
 */
public final class ImageSets {

    private static final int ATTEMPTS = 10;

    private final Store store;
    private final InstantSource clock;

    public ImageSets(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A set with the state the controller last wrote for it (status {@code null} before its first look). */
    public record Shown(ImageSetHistory history, ImageSetStatus status) {
    }

    /**
     * Stores {@code set} as the next version and makes it the roll's target (a paused roll stays paused); the same
     * spec as the newest version changes nothing. The answer says which version is the target.
     */
    public ImageSetHistory apply(ImageSet set) {
        List<String> problems = ImageSetValidator.problems(set);
        if (!problems.isEmpty()) {
            throw new LayerXException.Invalid("image set has " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ": " + String.join("; ", problems), problems);
        }
        return change(set.name(), true, h -> {
            if (h == null) return new ImageSetHistory(set.name(), List.of(set.withVersion(1, clock.instant())), 1, 0, false, 1);
            ImageSet newest = h.version(h.newest()).orElseThrow();
            if (newest.sameSpec(set) && h.target() == newest.version()) return h;
            long v = h.newest() + 1;
            List<ImageSet> versions = new ArrayList<>(h.versions());
            versions.add(set.withVersion(v, clock.instant()));
            return new ImageSetHistory(h.name(), versions, v, h.target(), h.paused(), h.attempt() + 1);
        });
    }

    /** Rolls back to the version the current roll started from (or to {@code version} when given). */
    public ImageSetHistory rollback(String name, Long version) {
        return change(name, false, h -> {
            long to = version != null ? version : h.previous();
            if (to == 0) throw new LayerXException.Conflict("image set " + name + " has no earlier version to roll back to");
            if (h.version(to).isEmpty()) throw new LayerXException.NotFound("image set " + name + " has no version " + to);
            return new ImageSetHistory(name, h.versions(), to, h.target(), false, h.attempt() + 1);
        });
    }

    /** Pauses ({@code true}) or resumes the roll; resuming also retries a roll that stopped on a failure. */
    public ImageSetHistory pause(String name, boolean paused) {
        return change(name, false, h -> new ImageSetHistory(name, h.versions(), h.target(), h.previous(), paused,
                paused ? h.attempt() : h.attempt() + 1));
    }

    /** Deletes the set: the layer controller then stops its members on every node and removes its node labels. */
    public void delete(String name) {
        String key = Keys.imageSet(name);
        KeyValue kv = store.get(key).orElseThrow(() -> new LayerXException.NotFound("no image set named '" + name + "'"));
        TxnResult r = store.commit(Txn.builder().expect(key, kv.modRevision()).delete(key).build());
        if (!r.succeeded()) throw new LayerXException.Conflict("image set " + name + " changed while it was deleted; try again");
    }

    public List<Shown> list() {
        List<Shown> out = new ArrayList<>();
        for (KeyValue kv : store.list(Keys.IMAGESETS).items()) {
            ImageSetHistory h = Codec.decode(kv.value(), ImageSetHistory.class);
            out.add(new Shown(h, status(h.name()).orElse(null)));
        }
        return out;
    }

    public Shown get(String name) {
        ImageSetHistory h = history(name).orElseThrow(() -> new LayerXException.NotFound("no image set named '" + name + "'"));
        return new Shown(h, status(name).orElse(null));
    }

    private Optional<ImageSetHistory> history(String name) {
        return store.get(Keys.imageSet(name)).map(kv -> Codec.decode(kv.value(), ImageSetHistory.class));
    }

    private Optional<ImageSetStatus> status(String name) {
        return store.get(Keys.imageSetState(name)).map(kv -> Codec.decode(kv.value(), ImageSetStatus.class));
    }

    private ImageSetHistory change(String name, boolean create, UnaryOperator<ImageSetHistory> change) {
        String key = Keys.imageSet(name);
        for (int i = 0; i < ATTEMPTS; i++) {
            Optional<KeyValue> kv = store.get(key);
            if (kv.isEmpty() && !create) throw new LayerXException.NotFound("no image set named '" + name + "'");
            ImageSetHistory before = kv.map(k -> Codec.decode(k.value(), ImageSetHistory.class)).orElse(null);
            ImageSetHistory after = change.apply(before);
            if (after.equals(before)) return after;
            Txn.Builder txn = Txn.builder();
            if (kv.isPresent()) txn.expect(key, kv.get().modRevision());
            else txn.expectAbsent(key);
            TxnResult r = store.commit(txn.put(key, Codec.encode(after)).build());
            if (r.succeeded()) return after;
        }
        throw new LayerXException.Conflict("image set " + name + " kept changing; try again");
    }
}
