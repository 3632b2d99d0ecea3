package io.layerx.bench;

import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Placement;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import java.util.List;
import java.util.Map;

/** The benchmark's jobs: service jobs of one task shape, as a job file would give them. */
record Jobs(String prefix, int count, int size, Resources task, Strategy strategy, int priority,
            Map<String, String> labels, List<Constraint> constraints, Placement placement) {

    static Jobs of(String prefix, int count, int size, Resources task) {
        return new Jobs(prefix, count, size, task, Strategy.SPREAD, Job.DEFAULT_PRIORITY, Map.of(), List.of(),
                Placement.NONE);
    }

    Jobs with(Strategy s) {
        return new Jobs(prefix, count, size, task, s, priority, labels, constraints, placement);
    }

    Jobs withPriority(int p) {
        return new Jobs(prefix, count, size, task, strategy, p, labels, constraints, placement);
    }

    Jobs withLabels(Map<String, String> l) {
        return new Jobs(prefix, count, size, task, strategy, priority, l, constraints, placement);
    }

    Jobs withConstraints(List<Constraint> c) {
        return new Jobs(prefix, count, size, task, strategy, priority, labels, c, placement);
    }

    long tasks() {
        return (long) count * size;
    }

    String name(int i) {
        return prefix + i;
    }

    boolean owns(String job) {
        return job.startsWith(prefix);
    }

    /** The {@code i}th job; {@code placement} may name the job itself (self anti-affinity). */
    Job job(int i, Placement p) {
        TaskSpec spec = new TaskSpec("exec", List.of("sleep", "3600"), null, Map.of(), task, List.of(), null);
        return new Job(name(i), JobType.SERVICE, size, strategy, priority, labels, constraints, spec, 0, false, 0,
                null, p);
    }

    Job job(int i) {
        return job(i, placement);
    }

    static Constraint constraint(String text) {
        Constraint.Parsed p = Constraint.parse(text);
        if (p.constraint() == null) throw new IllegalArgumentException(p.problem());
        return p.constraint();
    }
}
