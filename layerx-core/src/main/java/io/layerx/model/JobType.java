package io.layerx.model;

/** {@code service}: keep N running; {@code batch}: run to completion with retries. */
public enum JobType {
    SERVICE, BATCH;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
