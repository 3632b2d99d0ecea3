package io.layerx.cli.it;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits jobs {@code PREFIX-N} from a few threads to whichever servers of a group are alive, until closed; remembers
 * which submissions were acknowledged (201). A refused or failed submission is not acknowledged and is not retried
 * under the same name.
 */
final class Submitter implements AutoCloseable {

    private final ServerGroup group;
    private final String prefix;
    private final int replicas;
    private final int cpu;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> threads;
    private volatile boolean stopped;
    private int budget = Integer.MAX_VALUE;

    Submitter(ServerGroup group, String prefix, int replicas, int threads) {
        this(group, prefix, replicas, 10, threads);
    }

    Submitter(ServerGroup group, String prefix, int replicas, int cpu, int threads) {
        this.group = group;
        this.prefix = prefix;
        this.replicas = replicas;
        this.cpu = cpu;
        this.threads = java.util.stream.IntStream.range(0, threads)
                .mapToObj(i -> Thread.ofPlatform().name("submit-" + i).start(this::run)).toList();
    }

    /** A service job of {@code replicas} on the simulated cluster {@code sim-a}. */
    static String job(String name, int replicas) {
        return job(name, replicas, "sim-a");
    }

    static String job(String name, int replicas, String cluster) {
        return job(name, replicas, cluster, 10);
    }

    static String job(String name, int replicas, String cluster, int cpu) {
        return "{\"name\":\"" + name + "\",\"type\":\"service\",\"replicas\":" + replicas
                + ",\"constraints\":[\"cluster.name == " + cluster + "\"]"
                + ",\"task\":{\"command\":[\"sleep\",\"3600\"],\"resources\":{\"cpu\":" + cpu
                + ",\"memory\":16}}}";
    }

    /**
     * Lets it submit until {@code more} further submissions are acknowledged, then it waits (before the first
     * {@link #hold}, there is no limit); returns the count of acknowledgements to wait for.
     */
    int allow(int more) {
        synchronized (this) {
            budget = Math.max(budget == Integer.MAX_VALUE ? 0 : budget, acknowledged.size()) + more;
            notifyAll();
            return budget;
        }
    }

    /** Submits nothing until {@link #allow} (for a schedule that paces the load by acknowledgements). */
    void hold() {
        synchronized (this) {
            budget = acknowledged.size();
        }
    }

    private void awaitBudget() throws InterruptedException {
        synchronized (this) {
            while (!stopped && acknowledged.size() >= budget) wait();
        }
    }

    private void run() {
        while (!stopped) {
            try {
                awaitBudget();
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) return;
            List<ServerGroup.Server> alive = group.alive();
            if (alive.isEmpty()) {
                Thread.onSpinWait();
                continue;
            }
            ServerGroup.Server s = alive.get(ThreadLocalRandom.current().nextInt(alive.size()));
            String name = prefix + "-" + next.getAndIncrement();
            try {
                if (group.post(s, "/v1/jobs", job(name, replicas, "sim-a", cpu)).status() == 201) acknowledged.add(name);
            } catch (java.io.IOException | RuntimeException e) {
                // not acknowledged: the server died, paused or refused; carry on with another
            }
        }
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    int count() {
        return acknowledged.size();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        synchronized (this) {
            notifyAll();
        }
        for (Thread t : threads) t.join();
    }
}
