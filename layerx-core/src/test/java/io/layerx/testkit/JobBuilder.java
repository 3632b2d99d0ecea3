package io.layerx.testkit;

import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test data: {@code aJob().named("web").service().replicas(3).cpu(500).build()}. */
public final class JobBuilder {
    private String name = "job";
    private JobType type = JobType.SERVICE;
    private int replicas = 1;
    private Strategy strategy = Strategy.SPREAD;
    private int priority = Job.DEFAULT_PRIORITY;
    private final Map<String, String> labels = new HashMap<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<PortRequest> ports = new ArrayList<>();
    private long cpu = 100;
    private long memory = 64;
    private long disk = 0;
    private Duration duration;
    private int retries = Job.DEFAULT_MAX_RETRIES;
    private String driver = "exec";
    private String image;
    private List<String> command = List.of("sleep", "3600");
    private final Map<String, String> env = new HashMap<>();

    public static JobBuilder aJob() {
        return new JobBuilder();
    }

    public JobBuilder named(String n) { name = n; return this; }
    public JobBuilder service() { type = JobType.SERVICE; return this; }
    public JobBuilder batch() { type = JobType.BATCH; return this; }
    public JobBuilder replicas(int n) { replicas = n; return this; }
    public JobBuilder binpack() { strategy = Strategy.BINPACK; return this; }
    public JobBuilder spread() { strategy = Strategy.SPREAD; return this; }
    public JobBuilder priority(int p) { priority = p; return this; }
    public JobBuilder label(String k, String v) { labels.put(k, v); return this; }
    public JobBuilder cpu(long c) { cpu = c; return this; }
    public JobBuilder memory(long m) { memory = m; return this; }
    public JobBuilder disk(long d) { disk = d; return this; }
    public JobBuilder duration(Duration d) { duration = d; return this; }
    public JobBuilder retries(int r) { retries = r; return this; }
    public JobBuilder port(String label, int value) { ports.add(new PortRequest(label, value)); return this; }
    public JobBuilder env(String k, String v) { env.put(k, v); return this; }

    /** Tasks run {@code image} with the docker driver, with {@code command} (none: the image's own). */
    public JobBuilder docker(String img, String... cmd) {
        driver = "docker";
        image = img;
        command = List.of(cmd);
        return this;
    }

    public JobBuilder constraint(String expr) {
        Constraint.Parsed p = Constraint.parse(expr);
        if (!p.ok()) throw new IllegalArgumentException(p.problem());
        constraints.add(p.constraint());
        return this;
    }

    public Job build() {
        TaskSpec spec = new TaskSpec(driver, command, image, env, new Resources(cpu, memory, disk),
                ports, duration);
        return new Job(name, type, replicas, strategy, priority, labels, constraints, spec, retries, false, 0, null);
    }
}
