package io.layerx.model;

/** What the core wants of a task. */
public enum DesiredState {
    RUN, STOP
}
