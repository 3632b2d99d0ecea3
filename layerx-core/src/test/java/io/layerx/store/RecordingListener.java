package io.layerx.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link WatchListener} that keeps every call it gets, for assertions; thread-safe. */
public final class RecordingListener implements WatchListener {

    /** One {@code onEvents} call. */
    public record Batch(long revision, List<WatchEvent> events) {
        public Batch {
            events = List.copyOf(events);
        }

        public List<String> keys() {
            return events.stream().map(e -> e.kv().key()).toList();
        }
    }

    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onEvents(long revision, List<WatchEvent> events) {
        batches.add(new Batch(revision, events));
    }

    @Override
    public void onError(Throwable e) {
        errors.add(e);
        error.compareAndSet(null, e);
    }

    public List<Batch> batches() {
        return List.copyOf(batches);
    }

    public List<Long> revisions() {
        return batches.stream().map(Batch::revision).toList();
    }

    public List<WatchEvent> events() {
        return batches.stream().flatMap(b -> b.events().stream()).toList();
    }

    public List<String> keys() {
        return events().stream().map(e -> e.kv().key()).toList();
    }

    /** The first error, or null. */
    public Throwable error() {
        return error.get();
    }

    public int errorCount() {
        return errors.size();
    }
}
