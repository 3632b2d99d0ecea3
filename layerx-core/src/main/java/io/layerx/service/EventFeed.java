package io.layerx.service;

import io.layerx.model.Cluster;
import io.layerx.layers.ImageSetStatus;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.store.Codec;
import io.layerx.store.Keys;
import io.layerx.store.WatchEvent;
import io.layerx.store.WatchListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns store watch events into the event stream's {@link Event}s; other keys (tokens) are not shown. */
final class EventFeed implements WatchListener {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    private final Consumer<Event> sink;
    private final Consumer<Throwable> onEnd;

    EventFeed(Consumer<Event> sink, Consumer<Throwable> onEnd) {
        this.sink = sink;
        this.onEnd = onEnd;
    }

    @Override
    public void onEvents(long revision, List<WatchEvent> events) {
        for (WatchEvent e : events) {
            String key = e.kv().key();
            String kind = key.startsWith(Keys.IMAGESET_STATES) ? "imageset"
                    : key.startsWith(Keys.FRAMEWORKS) ? "framework" : Keys.kindOf(key);
            if (kind == null) continue;
            boolean delete = e.type() == WatchEvent.Type.DELETE;
            Object obj = delete ? null : switch (kind) {
                case "task" -> Codec.decode(e.kv().value(), Task.class);
                case "node" -> Codec.decode(e.kv().value(), Node.class);
                case "job" -> Codec.decode(e.kv().value(), Job.class);
                case "imageset" -> Codec.decode(e.kv().value(), ImageSetStatus.class);
                case "framework" -> Codec.decode(e.kv().value(), java.util.Map.class); // the Mesos API's record
                default -> Codec.decode(e.kv().value(), Cluster.class);
            };
            sink.accept(new Event(revision, kind, delete ? "delete" : "put", Keys.idOf(e.kv().key()), obj));
        }
    }

    @Override
    public void onError(Throwable error) {
        log.info("event stream ended: {}", error.getMessage());
        onEnd.accept(error);
    }
}
