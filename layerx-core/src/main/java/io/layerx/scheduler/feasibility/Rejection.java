package io.layerx.scheduler.feasibility;

/**
 * Why a node cannot take a task. {@code code} groups rejections for counting (e.g. {@code constraint},
 * {@code resources}); {@code detail} says which rule or dimension.
 */
public record Rejection(String code, String detail) {
}
