package io.layerx.cli.local;

import io.layerx.cli.CommandError;
import io.layerx.model.LayerXException;
import io.layerx.server.DockerApiListen;
import io.layerx.server.KubeApiListen;
import io.layerx.server.MesosApiListen;
import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs a server in the foreground: starts it, and keeps the JVM until SIGTERM or Ctrl-C closes it cleanly. */
final class Foreground {

    private Foreground() {
    }

    /**
     * Starts a server on the embedded store in {@code dataDir} (created if missing), with the Docker, Kubernetes and
     * Mesos APIs where their address is not null; a failure is a {@link CommandError} that says what to do.
     */
    static LayerXServer start(Path dataDir, ListenAddress listen, ListenAddress dockerApi, ListenAddress kubeApi,
                              ListenAddress mesosApi) {
        return start(new ServerConfig(dataDir, listen.host(), listen.port()), listen, dockerApi, kubeApi, mesosApi);
    }

    /** As the other {@code start}, with these settings (the store may be etcd). */
    static LayerXServer start(ServerConfig config, ListenAddress listen, ListenAddress dockerApi, ListenAddress kubeApi,
                              ListenAddress mesosApi) {
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new CommandError("cannot create the data folder " + dataDir + ": " + e.getMessage());
        }
        try {
            return LayerXServer.start(config,
                    dockerApi == null ? null : new DockerApiListen(dockerApi.host(), dockerApi.port()),
                    kubeApi == null ? null : new KubeApiListen(kubeApi.host(), kubeApi.port()),
                    mesosApi == null ? null : new MesosApiListen(mesosApi.host(), mesosApi.port()));
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new CommandError(inUse(listen, dockerApi, kubeApi, mesosApi)
                        + " (is another LayerX running? stop it, or pick other addresses)");
            }
            if (e instanceof LayerXException le) {
                throw new CommandError("cannot start the server on " + dataDir + ": " + le.getMessage(),
                        le.details());
            }
            throw new CommandError("cannot start the server: " + e.getMessage());
        }
    }

    /** Closes the server on SIGTERM/SIGINT (a shutdown hook) and blocks the calling thread until then. */
    static void runUntilStopped(LayerXServer server, PrintStream log) {
        runUntilStopped(log, server);
    }

    /**
     * Closes {@code parts} in their order on SIGTERM/SIGINT (one shutdown hook) and blocks the calling thread until
     * then.
     */
    static void runUntilStopped(PrintStream log, AutoCloseable... parts) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("layerx-shutdown").unstarted(() -> {
            log.println("LayerX: stopping...");
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    log.println("LayerX: stopping " + part + " failed: " + e.getMessage());
                }
            }
            log.println("LayerX: stopped");
        }));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Which of the addresses cannot be bound now, each with the option that sets it. */
    private static String inUse(ListenAddress listen, ListenAddress dockerApi, ListenAddress kubeApi, ListenAddress mesosApi) {
        Map<String, ListenAddress> all = new LinkedHashMap<>();
        all.put("--listen", listen);
        if (dockerApi != null) all.put("--docker-api", dockerApi);
        if (kubeApi != null) all.put("--kube-api", kubeApi);
        if (mesosApi != null) all.put("--mesos-api", mesosApi);
        List<String> taken = new ArrayList<>();
        all.forEach((option, a) -> {
            if (a.port() == 0) return;
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(a.host(), a.port()));
            } catch (IOException e) {
                taken.add(a + " (" + option + ")");
            }
        });
        if (taken.isEmpty()) {
            return "cannot listen on " + String.join(" or ", all.values().stream().map(String::valueOf).toList())
                    + ": an address is in use";
        }
        return "cannot listen on " + String.join(", ", taken) + ": " + (taken.size() == 1 ? "the address is" : "the addresses are")
                + " in use";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
