package io.layerx.model;

/**
 * {@code service}: keep N running; {@code batch}: run to completion with retries; {@code system}: one task on every
 * node that matches the job's constraints, placed as nodes join and removed as they leave (fleet's Global).
 */
public enum JobType {
    SERVICE, BATCH, SYSTEM;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
