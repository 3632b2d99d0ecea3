package io.layerx.api;

import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Task;
import io.layerx.service.Event;

/**
 * One change on the event stream. {@code object} is the changed record in its wire shape (without the totals that
 * only the list and get routes compute), or {@code null} for a delete.
 */
public record EventDto(long revision, String kind, String type, String id, Object object) {

    public static EventDto of(Event e) {
        return new EventDto(e.revision(), e.kind(), e.type(), e.id(), wire(e.object()));
    }

    private static Object wire(Object o) {
        return switch (o) {
            case null -> null;
            case Job j -> JobDto.of(j);
            case Task t -> TaskDto.of(t);
            case Node n -> NodeDto.of(n);
            case Cluster c -> ClusterDto.of(c);
            default -> o;
        };
    }
}
