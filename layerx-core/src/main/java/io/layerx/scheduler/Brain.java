package io.layerx.scheduler;

import io.layerx.snapshot.View;

/**
 * A scheduler that turns a job's pending tasks into a plan. Brains never write: they read a view and propose; the
 * plan applier decides. Built-in brains run in-process; several may plan at once.
 */
public interface Brain {

    String name();

    /** Proposes placements for the pending tasks of {@code job}, computed on {@code view}. */
    Proposal plan(String job, View view);
}
