package io.layerx.brain;

import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who places which job. In-process brains (named plug-ins) always answer; an external brain answers while it
 * heartbeats. A job that names a brain is its brain's while the brain is alive; once the brain has been silent for
 * its ttl the job falls back to the built-in brain of its type. A brain never seen yet gets
 * {@link BrainRegistration#DEFAULT_TTL} after the job was submitted (or this server started) to show up. Registrations live in the leading server's memory: an external brain
 * re-registers with every heartbeat, so a new leader knows it again within one heartbeat.
 */
public final class BrainRegistry {

    /** A registration and when it was last heard from. */
    public record Entry(BrainRegistration registration, Instant lastSeen, boolean alive) {
    }

    /** Where a job's placement goes. */
    public sealed interface Owner permits Builtin, Plugin, External, Waiting {
    }

    /** The built-in brain of the job's type. */
    public record Builtin() implements Owner {
    }

    /** An in-process brain found with ServiceLoader. */
    public record Plugin(String name) implements Owner {
    }

    /** A live external brain, alive at least until {@code until} unless it heartbeats again. */
    public record External(String name, Instant until) implements Owner {
    }

    /** The job names a brain never seen yet, and its grace runs until {@code until}. */
    public record Waiting(String name, Instant until) implements Owner {
    }

    private final InstantSource clock;
    private final Instant started;
    private final Set<String> plugins;
    private final Map<String, Entry> external = new ConcurrentHashMap<>();

    public BrainRegistry(InstantSource clock, Set<String> plugins) {
        this.clock = clock;
        this.started = clock.instant();
        this.plugins = Set.copyOf(plugins);
    }

    /** Registers or heartbeats an external brain. */
    public Entry register(BrainRegistration r) {
        if (plugins.contains(r.name())) {
            throw new LayerXException.Conflict("brain " + r.name() + " is an in-process brain");
        }
        Entry e = new Entry(r, clock.instant(), true);
        external.put(r.name(), e);
        return e;
    }

    /** Forgets an external brain: its jobs fall back at once. */
    public boolean unregister(String name) {
        return external.remove(name) != null;
    }

    public List<Entry> list() {
        Instant now = clock.instant();
        return external.values().stream().map(e -> new Entry(e.registration(), e.lastSeen(), alive(e, now)))
                .sorted(Comparator.comparing(e -> e.registration().name())).toList();
    }

    public Optional<Entry> get(String name) {
        Entry e = external.get(name);
        return e == null ? Optional.empty() : Optional.of(new Entry(e.registration(), e.lastSeen(), alive(e, clock.instant())));
    }

    public boolean alive(String name) {
        Entry e = external.get(name);
        return e != null && alive(e, clock.instant());
    }

    /** Who places {@code job} now. */
    public Owner ownerOf(Job job) {
        Instant now = clock.instant();
        if (job.brain() != null) {
            if (plugins.contains(job.brain())) return new Plugin(job.brain());
            Entry e = external.get(job.brain());
            if (e != null) return alive(e, now) ? new External(job.brain(), expiry(e)) : new Builtin();
            Instant until = later(job.submitted(), started).plus(BrainRegistration.DEFAULT_TTL);
            return now.isBefore(until) ? new Waiting(job.brain(), until) : new Builtin();
        }
        return external.values().stream().filter(e -> alive(e, now) && e.registration().claims(job))
                .min(Comparator.comparing(e -> e.registration().name()))
                .<Owner>map(e -> new External(e.registration().name(), expiry(e))).orElse(new Builtin());
    }

    private static Instant expiry(Entry e) {
        return e.lastSeen().plus(e.registration().ttl());
    }

    private static boolean alive(Entry e, Instant now) {
        return now.isBefore(expiry(e));
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || a.isBefore(b) ? b : a;
    }
}
