package io.layerx.service;

/**
 * One change, as the event stream shows it.
 *
 * @param kind   {@code cluster}, {@code node}, {@code job}, {@code task}, {@code imageset} (an image set's states
 *               on its nodes, {@link io.layerx.layers.ImageSetStatus}) or {@code framework} (a Mesos framework, as
 *               a JSON object; a delete is its teardown)
 * @param type   {@code put} or {@code delete}
 * @param object the new record (a {@link io.layerx.model.Cluster}, {@code Node}, {@code Job} or {@code Task}), or
 *               {@code null} for a delete
 */
public record Event(long revision, String kind, String type, String id, Object object) {
}
