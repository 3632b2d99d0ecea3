package io.layerx.testkit;

import io.layerx.model.Affinity;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Placement;
import io.layerx.model.PortRequest;
import io.layerx.model.Preference;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
import io.layerx.model.Spread;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSelector;
import io.layerx.model.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test data: {@code aJob().named("web").service().replicas(3).cpu(500).build()}. */
public final class JobBuilder {
    private final List<io.layerx.model.Requirement> requires = new java.util.ArrayList<>();
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
    private long gpu = 0;
    private Duration duration;
    private int retries = Job.DEFAULT_MAX_RETRIES;
    private final List<Preference> preferences = new ArrayList<>();
    private final List<Affinity> affinities = new ArrayList<>();
    private final List<Spread> spreads = new ArrayList<>();
    private int maxPerNode;
    private String brain;
    private int maxParallel = 1;
    private String driver = "exec";
    private String image;
    private List<String> command = List.of("sleep", "3600");
    private final Map<String, String> env = new HashMap<>();
    private RestartPolicy restart;

    public static JobBuilder aJob() {
        return new JobBuilder();
    }

    public JobBuilder named(String n) { name = n; return this; }
    public JobBuilder restart(RestartPolicy r) { restart = r; return this; }
    public JobBuilder service() { type = JobType.SERVICE; return this; }
    public JobBuilder batch() { type = JobType.BATCH; return this; }
    public JobBuilder system() { type = JobType.SYSTEM; return this; }
    public JobBuilder random() { strategy = Strategy.RANDOM; return this; }
    public JobBuilder maxPerNode(int n) { maxPerNode = n; return this; }

    public JobBuilder prefer(String expr, int weight) {
        preferences.add(new Preference(Constraint.parse(expr).constraint(), weight));
        return this;
    }

    /** Required affinity to the tasks of {@code job} in the same {@code topology} domain. */
    public JobBuilder affinityToJob(String job, String topology) {
        affinities.add(new Affinity(TaskSelector.job(job), topology, false, true, 0));
        return this;
    }

    public JobBuilder antiAffinityToJob(String job, String topology) {
        affinities.add(new Affinity(TaskSelector.job(job), topology, true, true, 0));
        return this;
    }

    public JobBuilder affinity(Affinity a) {
        affinities.add(a);
        return this;
    }

    public JobBuilder spreadOver(String topology, int maxSkew, boolean required) {
        spreads.add(new Spread(topology, maxSkew, required, required ? 0 : 50));
        return this;
    }

    private Placement placement() {
        return new Placement(preferences, affinities, spreads, maxPerNode);
    }
    public JobBuilder replicas(int n) { replicas = n; return this; }
    public JobBuilder binpack() { strategy = Strategy.BINPACK; return this; }
    public JobBuilder spread() { strategy = Strategy.SPREAD; return this; }
    public JobBuilder priority(int p) { priority = p; return this; }
    public JobBuilder label(String k, String v) { labels.put(k, v); return this; }
    public JobBuilder cpu(long c) { cpu = c; return this; }
    public JobBuilder memory(long m) { memory = m; return this; }
    public JobBuilder disk(long d) { disk = d; return this; }

    /** Thousandths of a GPU device: 460 is a share of one, 2000 two whole devices. */
    public JobBuilder gpu(long g) { gpu = g; return this; }
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

    /** Placed by the named brain instead of the default one. */
    public JobBuilder brain(String name) {
        this.brain = name;
        return this;
    }

    /** Replaces this many running tasks at once when a new version rolls out. */
    public JobBuilder maxParallel(int n) {
        this.maxParallel = n;
        return this;
    }

    /** Placed only where the image set is ready ({@code imageset=NAME>=V}). */
    public JobBuilder requires(String expr) {
        io.layerx.model.Requirement.Parsed p = io.layerx.model.Requirement.parse(expr);
        if (!p.ok()) throw new IllegalArgumentException(p.problem());
        requires.add(p.requirement());
        return this;
    }

    public Job build() {
        TaskSpec spec = new TaskSpec(driver, command, image, env, new Resources(cpu, memory, disk, gpu),
                ports, duration, null, restart, null);
        return new Job(name, type, replicas, strategy, priority, labels, constraints, spec, retries, false, 0, null, placement(), brain,
                new io.layerx.model.UpdatePolicy(maxParallel), requires);
    }
}
