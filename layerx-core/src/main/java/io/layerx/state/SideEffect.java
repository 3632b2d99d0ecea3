package io.layerx.state;

/** What must happen after a transition is committed (never before: effects follow the commit). */
public sealed interface SideEffect permits SideEffect.KillOnNode, SideEffect.Reconcile {

    /** A copy runs where the core no longer wants it: stop it on that node. */
    record KillOnNode(String node) implements SideEffect {
    }

    /** The job may need a replacement or is complete: reconcile it. */
    record Reconcile(String job) implements SideEffect {
    }
}
