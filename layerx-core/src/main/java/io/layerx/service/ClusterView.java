package io.layerx.service;

import io.layerx.model.Cluster;
import io.layerx.model.Resources;

/** A cluster with totals over its nodes. {@code allocated} sums the reservations of its live tasks. */
public record ClusterView(Cluster cluster, int nodes, int readyNodes, Resources capacity, Resources allocated,
                          int tasks) {
}
