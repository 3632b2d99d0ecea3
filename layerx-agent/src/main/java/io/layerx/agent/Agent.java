package io.layerx.agent;

import io.layerx.model.Node;
import io.layerx.provider.resource.agent.AgentProtocol;
import io.layerx.provider.resource.agent.AgentProtocol.Assignments;
import io.layerx.provider.resource.agent.AgentProtocol.Heartbeat;
import io.layerx.provider.resource.agent.AgentProtocol.Join;
import io.layerx.provider.resource.agent.AgentProtocol.Joined;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LayerX agent: joins its node to a server, heartbeats with what it observes, follows the node's desired set by
 * long-poll and hands it to the {@link TaskSupervisor}. Closing the agent stops its loops, never its tasks: a
 * restarted agent adopts them again from its data folder.
 */
public final class Agent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    static final Duration POLL_WAIT = Duration.ofSeconds(20);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    static final Duration MEASURE = Duration.ofSeconds(1);
    private static final String ADVICE = "; the server at %s does not accept this agent's credential for node %s:"
            + " start the agent with --join-token TOKEN (from `layerx token create --role agent`) to join again";

    private final AgentConfig config;
    private final DataDir data;
    private final Cgroups cgroups;
    private final DockerDriver docker;
    private final TaskSupervisor supervisor;
    private final LogServer logs;
    private final ServerClient server;
    private final Signal beatNow = new Signal();
    private final Signal stopping = new Signal();
    private final List<Thread> loops;
    private final String node;
    private final String agentId;
    private volatile Identity identity;
    private volatile String lastRefusal = "";
    private volatile Duration heartbeat = Duration.ofSeconds(1);
    private volatile boolean closed;

    private Agent(AgentConfig config, InstantSource clock) throws IOException {
        this.config = config;
        this.data = new DataDir(config.dataDir());
        this.cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"));
        String dockerHost = config.dockerHost() != null ? config.dockerHost() : System.getenv("DOCKER_HOST");
        this.docker = new DockerDriver(dockerHost, config.taskPids(), clock);
        Identity saved = data.identity().orElse(null);
        this.agentId = saved != null && saved.agent() != null && !saved.agent().isBlank() ? saved.agent()
                : NodeName.newAgent();
        this.node = config.name() != null ? config.name()
                : saved != null && saved.node() != null ? saved.node() : NodeName.defaultFor(NodeName.host(), agentId);
        if (saved == null) data.saveIdentity(Identity.unjoined(node, config.cluster(), agentId));
        else if (!agentId.equals(saved.agent())) data.saveIdentity(saved.withAgent(agentId));
        ExecDriver exec = new ExecDriver(data, cgroups, node, config.taskPids(), clock);
        this.supervisor = new TaskSupervisor(data, List.of(exec, docker), clock, beatNow::fire);
        this.logs = new LogServer(config.listenHost(), config.listenPort(), data,
                () -> identity == null ? null : identity.logKey(), supervisor::isRunning);
        this.server = new ServerClient(config.servers());
        // a credential is kept across a server move: the new address may be the same installation
        this.identity = saved != null && saved.joined() && node.equals(saved.node()) ? saved.withAgent(agentId) : null;
        this.loops = List.of(Thread.ofVirtual().name("agent-heartbeat").unstarted(this::beatLoop),
                Thread.ofVirtual().name("agent-poll").unstarted(this::pollLoop),
                Thread.ofVirtual().name("agent-observe").unstarted(this::observeLoop),
                Thread.ofVirtual().name("agent-usage").unstarted(this::usageLoop));
    }

    /**
     * Starts an agent: adopts what still runs, serves logs, joins (a join token the server refuses is an error
     * here; an unreachable server is retried in the background) and starts following assignments.
     */
    public static Agent start(AgentConfig config, InstantSource clock) throws IOException, ServerClient.Refused {
        Agent a = new Agent(config, clock);
        try {
            a.supervisor.adopt();
            a.logs.start();
            try {
                a.join();
            } catch (IOException e) {
                log.warn("cannot reach the server at {} ({}); retrying", config.server(), e.getMessage());
            }
            a.loops.forEach(Thread::start);
            return a;
        } catch (ServerClient.Refused | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** The node's name: as given, else the one kept in the data folder, else the host name and the identity. */
    public String node() {
        return node;
    }

    /** True once the server accepted the node (now or in an earlier run). */
    public boolean joined() {
        return identity != null;
    }

    /** The port the agent serves task logs on. */
    public int logPort() {
        return logs.port();
    }

    /** How the node enforces limits: {@code v1:memory,cpu,pids}, {@code v2:...} or {@code none}. */
    public String cgroups() {
        return cgroups.describe();
    }

    /** The wrapper pids of the exec tasks running now, by task id. */
    public Map<String, Long> pids() {
        return supervisor.pids();
    }

    private void join() throws IOException, ServerClient.Refused {
        Join join = new Join(node, config.cluster(), Capacity.of(config.cpu(), config.memory()), labels(),
                "http://" + advertise() + ":" + logs.port(), agentId, GpuProbe.detect(System.getenv("PATH")));
        Identity old = identity;
        boolean hasToken = config.joinToken() != null && !config.joinToken().isBlank();
        Joined joined;
        String credential;
        try {
            if (old == null) {
                throw new ServerClient.Refused(401, "node " + node + " has not joined " + server.base()
                        + " yet: give --join-token TOKEN (from `layerx token create --role agent`)");
            }
            joined = server.join(old.credential(), join);
            credential = old.credential();
        } catch (ServerClient.Refused e) {
            if (e.status() != 401 && e.status() != 403) throw e;
            if (old != null && e.getMessage().contains(AgentProtocol.TAKEN_OVER)) stopTasks(e);
            if (!hasToken) throw old == null ? e : e.advise(ADVICE.formatted(server.base(), node));
            joined = server.join(config.joinToken(), join);
            credential = joined.credential();
        }
        Identity id = new Identity(server.base().toString(), joined.node(), joined.cluster(), credential,
                joined.logKey(), agentId);
        data.saveIdentity(id);
        identity = id;
        heartbeat = joined.heartbeat();
        log.info("node {} joined cluster {} at {} (heartbeat every {} ms, cgroups {})", id.node(), id.cluster(),
                server.base(), heartbeat.toMillis(), cgroups.describe());
    }

    /**
     * The node's labels: the configured ones, what cgroups can enforce, and the drivers it runs ({@code driver.exec}
     * always, {@code driver.docker} when its engine answers at join), so work that needs a driver lands only where it
     * runs (the Docker API's containers, say).
     */
    private Map<String, String> labels() {
        Map<String, String> l = new LinkedHashMap<>(config.labels());
        l.put("agent.cgroups", cgroups.describe());
        l.putIfAbsent(Node.driverLabel("exec"), "true");
        if (docker.reachable()) l.putIfAbsent(Node.driverLabel("docker"), "true");
        return l;
    }

    /** The host the server can reach this agent at: as given, else the local address of a connection to it. */
    private String advertise() throws IOException {
        if (config.advertise() != null && !config.advertise().isBlank()) return config.advertise();
        IOException failure = null;
        for (URI server : config.servers()) {
            int port = server.getPort() > 0 ? server.getPort() : 80;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(server.getHost(), port), 3000);
                String a = s.getLocalAddress().getHostAddress();
                return a.contains(":") ? "[" + a + "]" : a;
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private void beatLoop() {
        while (!closed) {
            try {
                beatNow.await(heartbeat);
                if (closed) return;
                if (identity == null) {
                    join();
                } else {
                    heartbeat = server.heartbeat(identity.credential(), new Heartbeat(supervisor.observed())).heartbeat();
                }
            } catch (InterruptedException e) {
                return;
            } catch (ServerClient.Refused e) {
                onRefused(e);
            } catch (IOException | UncheckedIOException e) {
                log.debug("heartbeat failed: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("heartbeat failed", e);
            }
        }
    }

    /** The node was taken over by another agent: what this agent runs runs there too, so it stops. */
    private void stopTasks(ServerClient.Refused e) {
        log.error("{}; stopping this agent's tasks", e.getMessage());
        try {
            supervisor.stopAll();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void onRefused(ServerClient.Refused e) {
        if (!e.getMessage().equals(lastRefusal)) log.warn("the server refused: {}", e.getMessage());
        lastRefusal = e.getMessage();
        if (e.status() == 401 && e.getMessage().contains(AgentProtocol.TAKEN_OVER)) stopTasks(e);
        if (e.status() == 401 || e.status() == 404) identity = null; // join again
    }

    private void pollLoop() {
        long from = 0;
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            try {
                Identity id = identity;
                if (id == null) {
                    stopping.await(backoff);
                    continue;
                }
                Assignments set = server.assignments(id.credential(), from, POLL_WAIT);
                supervisor.reconcile(set);
                from = set.revision();
                backoff = Duration.ofMillis(100);
            } catch (InterruptedException e) {
                return;
            } catch (ServerClient.Refused e) {
                onRefused(e);
                backoff = next(backoff);
            } catch (IOException | RuntimeException e) {
                if (closed) return;
                log.debug("assignments failed: {}", e.getMessage());
                from = 0;
                backoff = next(backoff);
                try {
                    stopping.await(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static Duration next(Duration d) {
        Duration n = d.multipliedBy(2);
        return n.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : n;
    }

    private void observeLoop() {
        while (!closed) {
            try {
                stopping.await(TaskSupervisor.OBSERVE);
                if (!closed) supervisor.observeAll();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Measures what the tasks use, every {@link #MEASURE}: each heartbeat carries the latest. */
    private void usageLoop() {
        while (!closed) {
            try {
                stopping.await(MEASURE);
                if (!closed) supervisor.measure();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("measuring the tasks' usage failed", e);
            }
        }
    }

    /** Stops the agent's loops and its log endpoint; its tasks keep running. */
    @Override
    public void close() {
        closed = true;
        stopping.fire();
        beatNow.fire();
        loops.forEach(Thread::interrupt);
        logs.close();
        server.close();
        docker.close();
        supervisor.close();
    }
}
