package io.layerx.provider.task.docker;

import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.LayerXException;
import io.layerx.model.Node;
import io.layerx.model.Placement;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import io.layerx.service.ControlPlane;
import io.layerx.service.JobView;
import io.layerx.service.PlanPreview;
import io.layerx.service.TaskFilter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Containers as LayerX jobs: create (checked against the pool at once: a container no node can run is refused, as
 * Swarm classic did), start (the job is submitted), stop, remove, find and list. A created container is kept in
 * memory until it is started; a server restart forgets those (started ones are jobs in the store).
 */
final class Containers {

    /** The job label that makes a job a container, and holds its 64-hex id. */
    static final String ID_LABEL = "io.layerx.docker.id";
    static final String CREATED_LABEL = "io.layerx.docker.created";
    private static final Constraint DOCKER_NODES = new Constraint("node.labels." + Node.driverLabel("docker"),
            Constraint.Operator.EQ, List.of("true"));
    private static final Duration GONE = Duration.ofSeconds(60);
    /** How long {@code start} waits for the task to run, as Docker's start returns once the process runs. */
    private static final Duration STARTED = Duration.ofSeconds(30);

    private final ControlPlane controlPlane;
    private final PoolImages images;
    private final Changes changes;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Job> created = new ConcurrentHashMap<>();
    private final ReentrantLock naming = new ReentrantLock();

    Containers(ControlPlane controlPlane, PoolImages images, Changes changes, InstantSource clock) {
        this.controlPlane = controlPlane;
        this.images = images;
        this.changes = changes;
        this.clock = clock;
    }

    /** Creates the container; returns its id. */
    String create(String name, ContainerRequest request) {
        String id = HexFormat.of().formatHex(bytes(32));
        String jobName = name != null ? name : "c-" + id.substring(0, 12);
        images.check(request.image());
        SwarmHints.Rules rules = SwarmHints.read(request.hints(), new SwarmHints.Pool() {
            @Override
            public Optional<String> jobOf(String container) {
                return findOptional(container).map(Container::name);
            }

            @Override
            public List<String> nodesWithImage(String image) {
                return images.nodesWith(image);
            }
        });
        Job job = job(jobName, id, request, rules);
        naming.lock();
        try {
            if (created.containsKey(jobName) || exists(jobName)) {
                throw DockerApiError.conflict("Conflict. The container name \"/" + jobName + "\" is already in use. "
                        + "You have to remove (or rename) that container to be able to reuse that name.");
            }
            feasible(job);
            created.put(jobName, job);
        } finally {
            naming.unlock();
        }
        return id;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private Job job(String name, String id, ContainerRequest r, SwarmHints.Rules rules) {
        Map<String, String> labels = new LinkedHashMap<>(r.labels());
        labels.put(ID_LABEL, id);
        labels.put(CREATED_LABEL, Long.toString(clock.instant().toEpochMilli()));
        List<Constraint> constraints = new ArrayList<>(rules.constraints());
        constraints.add(DOCKER_NODES);
        JobType type = r.restart().always() ? JobType.SERVICE : JobType.BATCH;
        TaskSpec task = new TaskSpec("docker", r.command(), r.image(), r.env(), r.resources(), r.ports(), null);
        return new Job(name, type, 1, Strategy.SPREAD, Job.DEFAULT_PRIORITY, labels, constraints, task,
                r.restart().maxRetries(), false, 0, null, new Placement(rules.preferences(), rules.affinities(), List.of(), 0));
    }

    /** Refuses a container that no node of the pool can take now, saying why. */
    private void feasible(Job job) {
        PlanPreview p;
        try {
            p = controlPlane.planJob(job);
        } catch (LayerXException.Invalid e) {
            throw DockerApiError.badRequest(e.getMessage() + ": " + String.join("; ", e.details()));
        }
        if (p.unplaced() == 0) return;
        List<String> why = new ArrayList<>(p.problems());
        p.filtered().forEach((filter, count) -> why.add(count + " node" + (count == 1 ? "" : "s") + " removed by " + filter));
        throw DockerApiError.badRequest("no node of the pool can run container " + job.name() + " (" + p.evaluated()
                + " nodes evaluated)" + (why.isEmpty() ? "" : ": " + String.join("; ", why)));
    }

    private boolean exists(String jobName) {
        try {
            controlPlane.job(jobName);
            return true;
        } catch (LayerXException.NotFound e) {
            return false;
        }
    }

    /**
     * Starts the container: submits its job, or submits it again after {@code docker stop}, and waits (at most
     * {@link #STARTED}) until its task runs or has ended, so that a {@code docker ps} right after {@code docker run -d}
     * shows it, as on one engine; a task still waiting for room after that is left pending. False when it already
     * runs; a 409 when it ended by itself (its job is done or failed).
     */
    boolean start(String ref) {
        Container c = find(ref);
        if (c.started() && c.running()) return false;
        if (c.started() && !c.job().stopped()) {
            throw DockerApiError.conflict("container " + c.name() + " has ended by itself, and LayerX runs it once (a "
                    + "batch job): docker rm it and docker run it again");
        }
        controlPlane.submitJob(c.job());
        created.remove(c.name());
        changes.await(() -> findOptional(c.id()).map(now -> !now.state().equals("created")).orElse(true), STARTED);
        return true;
    }

    /** Stops the container's job and waits until its task has ended; false when it was not running. */
    boolean stop(String ref, Duration grace) {
        Container c = find(ref);
        if (!c.started() || c.job().stopped()) return false;
        controlPlane.stopJob(c.name());
        changes.await(() -> liveTasks(c.name()) == 0, grace.plus(GONE));
        return true;
    }

    /** Removes the container: refuses a running one unless {@code force}; waits until its tasks are gone. */
    void remove(String ref, boolean force) {
        Container c = find(ref);
        if (!c.started()) {
            created.remove(c.name());
            return;
        }
        if (c.running() && !c.job().stopped() && !force) {
            throw DockerApiError.conflict("You cannot remove a running container " + c.id() + ". Stop the container "
                    + "before attempting removal or force remove");
        }
        controlPlane.deleteJob(c.name());
        changes.await(() -> controlPlane.tasks(new TaskFilter(c.name(), null, null)).isEmpty(), GONE);
    }

    /** Blocks until the container is not running (or removed, when {@code removed}); returns its exit code. */
    int awaitExit(String ref, boolean removed) {
        Container c = find(ref);
        changes.await(() -> findOptional(c.id()).map(now -> !removed && !now.running()).orElse(true), Duration.ofDays(365));
        return findOptional(c.id()).map(Container::exitCode).orElse(c.exitCode());
    }

    private int liveTasks(String job) {
        return (int) controlPlane.tasks(new TaskFilter(job, null, null)).stream().filter(t -> !t.state().terminal()).count();
    }

    /** The container named {@code ref}, or with that id or unique id prefix; a 404 otherwise. */
    Container find(String ref) {
        return findOptional(ref).orElseThrow(() -> DockerApiError.noSuchContainer(ref));
    }

    Optional<Container> findOptional(String ref) {
        String r = ref.startsWith("/") ? ref.substring(1) : ref;
        List<Container> all = list();
        for (Container c : all) if (c.name().equals(r) || c.id().equals(r)) return Optional.of(c);
        List<Container> byPrefix = r.isEmpty() ? List.of() : all.stream().filter(c -> c.id().startsWith(r)).toList();
        if (byPrefix.size() > 1) throw DockerApiError.badRequest("multiple IDs found with provided prefix: " + r);
        return byPrefix.stream().findFirst();
    }

    /** Every container: the created ones and the jobs made through the Docker API, newest first. */
    List<Container> list() {
        List<Container> out = new ArrayList<>();
        created.values().forEach(j -> out.add(new Container(j.labels().get(ID_LABEL), j, false, null, createdAt(j))));
        for (JobView v : controlPlane.jobs()) {
            Job j = v.job();
            String id = j.labels().get(ID_LABEL);
            if (id == null || created.containsKey(j.name())) continue;
            Task newest = controlPlane.tasks(new TaskFilter(j.name(), null, null)).stream()
                    .max(Comparator.comparing(Task::attempt).thenComparing(Task::created)).orElse(null);
            out.add(new Container(id, j, true, newest, createdAt(j)));
        }
        out.sort(Comparator.comparing(Container::created).reversed());
        return out;
    }

    private static Instant createdAt(Job j) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(j.labels().getOrDefault(CREATED_LABEL, "0")));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }
}
