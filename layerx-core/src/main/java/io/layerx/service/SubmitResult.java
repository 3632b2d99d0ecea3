package io.layerx.service;

import io.layerx.model.Job;

/** The stored job after a submit, and whether the submit changed anything. */
public record SubmitResult(Job job, boolean created, boolean changed) {
}
