package io.layerx.server;

import io.layerx.core.CoreOptions;
import io.layerx.core.LayerXCore;
import io.layerx.model.LayerXException;
import io.layerx.provider.resource.docker.DockerProvider;
import io.layerx.provider.resource.kubernetes.KubernetesProvider;
import io.layerx.provider.task.docker.DockerApi;
import io.layerx.provider.task.kube.KubeApi;
import io.layerx.provider.task.kube.KubeTls;
import io.layerx.provider.task.kube.Kubeconfig;
import io.layerx.provider.task.mesos.MesosApi;
import io.layerx.service.ControlPlane;
import io.layerx.clock.SystemTimer;
import io.layerx.store.embedded.EmbeddedStore;
import io.layerx.store.etcd.EtcdElection;
import io.layerx.store.etcd.EtcdStore;
import io.layerx.web.TaskLogs;
import io.layerx.web.WebServer;
import io.layerx.web.auth.Role;
import io.layerx.web.auth.Tokens;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LayerX server: its store (the embedded one in the data folder, or etcd shared with other servers), the core on
 * it, the admin token, and the HTTP API. The composition root: the only place that picks implementations.
 * {@link #close} stops, in order: the election (on etcd: resigning hands the lead over at once), the web server, the
 * core and the store. Shutdown hooks are the caller's business.
 */
public final class LayerXServer implements AutoCloseable {
    static final int BRAINS = 2;
    static final Duration RESYNC = Duration.ofSeconds(30);
    /** Revisions of history the store keeps for watches (etcd keeps about five minutes; this is of that order). */
    static final long STORE_HISTORY = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(LayerXServer.class);

    private final URI address;
    private final Path adminTokenFile;
    private final ControlPlane controlPlane;
    private final Tokens tokens;
    private final Deque<AutoCloseable> parts;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile URI dockerApi;
    private volatile URI kubeApi;
    private volatile Path kubeconfig;
    private volatile URI mesosApi;

    private LayerXServer(URI address, Path adminTokenFile, ControlPlane controlPlane, Tokens tokens,
                         Deque<AutoCloseable> parts) {
        this.address = address;
        this.adminTokenFile = adminTokenFile;
        this.controlPlane = controlPlane;
        this.tokens = tokens;
        this.parts = parts;
    }

    /** Opens the data folder and the store, starts everything and serves; on a failure, closes what it had started. */
    public static LayerXServer start(ServerConfig config) {
        return start(config, null);
    }

    /** As {@link #start(ServerConfig)}, and serves the Docker Engine API on {@code dockerApi} when it is not null. */
    public static LayerXServer start(ServerConfig config, DockerApiListen dockerApi) {
        return start(config, dockerApi, null, null);
    }

    /**
     * As {@link #start(ServerConfig, DockerApiListen)}, and serves the Kubernetes API on {@code kubeApi} when it is
     * not null (writing {@code DATA/kubeconfig} with the admin token).
     */
    public static LayerXServer start(ServerConfig config, DockerApiListen dockerApi, KubeApiListen kubeApi) {
        return start(config, dockerApi, kubeApi, null);
    }

    /**
     * As {@link #start(ServerConfig, DockerApiListen)}, and serves the Mesos scheduler API on {@code mesosApi} when it
     * is not null (its frameworks are then listed at {@code /v1/frameworks}).
     */
    public static LayerXServer start(ServerConfig config, DockerApiListen dockerApi, MesosApiListen mesosApi) {
        return start(config, dockerApi, null, mesosApi);
    }

    /** Serves each of the Docker, Kubernetes and Mesos APIs whose address is not null, beside the LayerX API. */
    public static LayerXServer start(ServerConfig config, DockerApiListen dockerApi, KubeApiListen kubeApi,
                                     MesosApiListen mesosApi) {
        Deque<AutoCloseable> parts = new ArrayDeque<>(); // closed last-in first-out
        try {
            Files.createDirectories(config.dataDir());
            PrometheusMeterRegistry meters = meters();
            parts.push(meters::close);
            CoreOptions core = new CoreOptions(BRAINS, RESYNC, InstantSource.system(), meters);
            return switch (config.store()) {
                case StoreChoice.Embedded e -> alone(config, core, meters, parts, dockerApi, kubeApi, mesosApi);
                case StoreChoice.Etcd e -> {
                    if (kubeApi != null) {
                        throw new LayerXException.Invalid("cannot serve the Kubernetes API", List.of("the Kubernetes"
                                + " API is served with the embedded store only, not yet with --store etcd"));
                    }
                    if (dockerApi != null) {
                        throw new LayerXException.Invalid("cannot serve the Docker API", List.of("the Docker API"
                                + " is served with the embedded store only, not yet with --store etcd"));
                    }
                    yield replicated(config, e, core, meters, parts, mesosApi);
                }
            };
        } catch (IOException e) {
            closeAll(parts);
            throw new UncheckedIOException("cannot use the data folder " + config.dataDir(), e);
        } catch (RuntimeException | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /** The embedded store in the data folder and the core on it: one server (and the Docker API when asked). */
    private static LayerXServer alone(ServerConfig config, CoreOptions options, PrometheusMeterRegistry meters,
                                      Deque<AutoCloseable> parts, DockerApiListen dockerApi,
                                      KubeApiListen kubeApi, MesosApiListen mesosApi) {
        EmbeddedStore store = EmbeddedStore.open(config.dataDir().resolve("store"), STORE_HISTORY);
        parts.push(store);
        Tokens tokens = new Tokens(store, InstantSource.system());
        Path tokenFile = AdminTokenFile.ensure(tokens, config.dataDir().resolve(AdminTokenFile.NAME));
        DockerProvider docker = new DockerProvider();
        LayerXCore core = LayerXCore.start(store, options, List.of(docker, new KubernetesProvider(store)));
        parts.push(core);
        MesosApi mesos = null;
        if (mesosApi != null) {
            mesos = MesosApi.start(core.controlPlane(), store, mesosApi.host(), mesosApi.port()).withGauges(meters);
            parts.push(mesos);
        }
        WebServer web = WebServer.start(core.controlPlane(), core.agents(), tokens, meters,
                config.host(), config.port(), mesos);
        parts.push(web);
        URI address = address(config.host(), web.port());
        LOG.info("LayerX serves {} from {}", address, config.dataDir());
        LayerXServer server = new LayerXServer(address, tokenFile, core.controlPlane(), tokens, parts);
        if (mesos != null) server.mesosApi = address(mesosApi.host(), mesos.port()).resolve("/api/v1/scheduler");
        if (dockerApi != null) {
            DockerApi api = DockerApi.start(core.controlPlane(), docker.engines(), dockerApi.host(), dockerApi.port());
            parts.push(api);
            server.dockerApi = URI.create("tcp://" + address(dockerApi.host(), api.port()).getAuthority());
        }
        if (kubeApi != null) serveKubeApi(server, kubeApi, core, store, tokens, config, parts);
        return server;
    }

    private static void serveKubeApi(LayerXServer server, KubeApiListen listen, LayerXCore core, EmbeddedStore store,
                                     Tokens tokens, ServerConfig config, Deque<AutoCloseable> parts) {
        TaskLogs logs = new TaskLogs(core.controlPlane(), core::agents);
        parts.push(logs);
        KubeTls tls = KubeTls.loadOrCreate(config.dataDir().resolve("kube-api.p12"), listen.host());
        KubeApi api = KubeApi.start(core.controlPlane(), store, (task, follow, out) -> logs.copy(task, "stdout", follow, out),
                bearer -> tokens.verify(bearer).filter(p -> p.role() == Role.ADMIN).isPresent(),
                tls, listen.host(), listen.port());
        parts.push(api);
        server.kubeApi = URI.create(address(listen.host(), api.port()).toString().replaceFirst("^http:", "https:"));
        String token;
        try {
            token = Files.readString(server.adminTokenFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + server.adminTokenFile, e);
        }
        server.kubeconfig = Kubeconfig.write(config.dataDir().resolve(Kubeconfig.NAME), server.kubeApi, token, tls);
    }

    /**
     * One of several servers on one etcd: the API serves at once (forwarding to the leader), and the core runs only
     * while this server leads; so does the Mesos API when asked (the others redirect frameworks to the leader's).
     */
    private static LayerXServer replicated(ServerConfig config, StoreChoice.Etcd etcd, CoreOptions options,
                                           PrometheusMeterRegistry meters, Deque<AutoCloseable> parts,
                                           MesosApiListen mesosApi) {
        EtcdStore store = EtcdStore.open(etcd.options());
        parts.push(store);
        Tokens tokens = new Tokens(store, InstantSource.system());
        Path tokenFile = AdminTokenFile.ensure(tokens, config.dataDir().resolve(AdminTokenFile.NAME));
        SystemTimer timer = new SystemTimer();
        parts.push(timer);
        ReplicatedCore core = new ReplicatedCore(store, options, timer, STORE_HISTORY);
        MesosApi mesos = mesosApi == null ? null : mesosOnTerms(store, mesosApi, core, meters);
        if (mesos != null) parts.push(mesos);
        core.start();
        parts.push(core);
        WebServer web = WebServer.start(core.controlPlane(), core::agents, tokens, meters,
                config.host(), config.port(), core, mesos);
        parts.push(web);
        URI address = address(config.host(), web.port());
        URI advertised = config.advertise() != null ? config.advertise() : address;
        EtcdElection election = new EtcdElection(store, advertised.toString(), etcd.electionTtl(), core, timer,
                InstantSource.system());
        core.bind(advertised, election::recheck);
        election.start();
        parts.push(election);
        LOG.info("LayerX serves {} on etcd {} under {}", address, etcd.options().endpoints(), etcd.options().prefix());
        LayerXServer server = new LayerXServer(address, tokenFile, core.controlPlane(), tokens, parts);
        if (mesos != null) server.mesosApi = URI.create(mesos.url());
        return server;
    }

    /** The Mesos API of one of several servers: it leads while this server's core runs, and redirects otherwise. */
    private static MesosApi mesosOnTerms(EtcdStore store, MesosApiListen listen, ReplicatedCore core,
                                         PrometheusMeterRegistry meters) {
        MesosApi mesos = MesosApi.serve(store, listen.host(), listen.port(), MesosApi.DEFAULT_SETTINGS,
                MesosApi.DEFAULT_ROUND, () -> java.util.Optional.ofNullable(core.status().leader())).withGauges(meters);
        core.onTerm(new ReplicatedCore.TermListener() {
            @Override
            public void began(io.layerx.store.Store termStore, ControlPlane termControlPlane) {
                mesos.lead(termControlPlane, termStore, core.status().address());
            }

            @Override
            public void ended() {
                mesos.follow();
            }

            @Override
            public String toString() {
                return "the Mesos API";
            }
        });
        return mesos;
    }

    private static PrometheusMeterRegistry meters() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        return meters;
    }

    /** A URI clients can use: a wildcard bind address is reached on the loopback. */
    static URI address(String host, int port) {
        String h = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]", "0:0:0:0:0:0:0:0" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return URI.create("http://" + h + ":" + port);
    }

    /** The base URI of the HTTP API, e.g. {@code http://127.0.0.1:7070}. */
    public URI address() {
        return address;
    }

    /** The file that holds the admin bearer token (mode 600). */
    public Path adminTokenFile() {
        return adminTokenFile;
    }

    /** Where the Docker Engine API is served ({@code tcp://HOST:PORT}, as DOCKER_HOST takes it), or null. */
    public URI dockerApi() {
        return dockerApi;
    }

    /** Where the Kubernetes API is served ({@code https://HOST:PORT}), or null. */
    public URI kubeApi() {
        return kubeApi;
    }

    /** The kubeconfig file for kubectl (the Kubernetes API with the admin token), or null without the API. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Where Mesos frameworks subscribe ({@code http://HOST:PORT/api/v1/scheduler}), or null. */
    public URI mesosApi() {
        return mesosApi;
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The server's bearer tokens, e.g. to make agent tokens. */
    public Tokens tokens() {
        return tokens;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(parts);
            LOG.info("LayerX at {} stopped", address);
        }
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", part, e);
            }
        }
    }
}
