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
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> threads;
    private volatile boolean stopped;

    Submitter(ServerGroup group, String prefix, int replicas, int threads) {
        this.group = group;
        this.prefix = prefix;
        this.replicas = replicas;
        this.threads = java.util.stream.IntStream.range(0, threads)
                .mapToObj(i -> Thread.ofPlatform().name("submit-" + i).start(this::run)).toList();
    }

    /** A service job of {@code replicas} on the simulated cluster {@code sim-a}. */
    static String job(String name, int replicas) {
        return job(name, replicas, "sim-a");
    }

    static String job(String name, int replicas, String cluster) {
        return "{\"name\":\"" + name + "\",\"type\":\"service\",\"replicas\":" + replicas
                + ",\"constraints\":[\"cluster.name == " + cluster + "\"]"
                + ",\"task\":{\"command\":[\"sleep\",\"3600\"],\"resources\":{\"cpu\":10,\"memory\":16}}}";
    }

    private void run() {
        while (!stopped) {
            List<ServerGroup.Server> alive = group.alive();
            if (alive.isEmpty()) continue;
            ServerGroup.Server s = alive.get(ThreadLocalRandom.current().nextInt(alive.size()));
            String name = prefix + "-" + next.getAndIncrement();
            try {
                if (group.post(s, "/v1/jobs", job(name, replicas)).status() == 201) acknowledged.add(name);
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
        for (Thread t : threads) t.join();
    }
}
