package io.layerx.model;

/** The applier's answer to one plan step. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {

    PlanStep step();

    /** Committed at {@code revision}. */
    record Accepted(PlanStep step, long revision) implements Verdict {
    }

    /**
     * Refused; {@code code} is machine-readable (e.g. {@code stale}, {@code node-not-ready}, {@code insufficient-cpu}),
     * {@code detail} says it to a person.
     */
    record Rejected(PlanStep step, String code, String detail) implements Verdict {
    }
}
