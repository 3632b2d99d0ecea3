package io.layerx.cli.local;

import io.layerx.server.LayerXServer;
import io.layerx.server.ServerConfig;
import io.layerx.server.StoreChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerx server}: the server alone, in the foreground. */
@Command(name = "server", description = "Run the LayerX server in the foreground until SIGTERM or Ctrl-C; with --store etcd, one of"
        + " several servers on one etcd.")
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "Where the server keeps its state and admin token (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7470",
            converter = ListenAddress.Converter.class,
            description = "Where to serve the API; :PORT for every interface, port 0 for a free one"
                    + " (default: ${DEFAULT-VALUE})")
    ListenAddress listen;

    @Option(names = "--docker-api", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Also serve the Docker Engine API there, for the docker CLI (DOCKER_HOST=tcp://HOST:PORT);"
                    + " it has no authentication, as dockerd without TLS: keep it on loopback")
    ListenAddress dockerApi;

    @Option(names = "--kube-api", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Also serve the Kubernetes API there, for kubectl; it needs the admin token, and the server"
                    + " writes DATA/kubeconfig with it (KUBECONFIG=DATA/kubeconfig kubectl get nodes)")
    ListenAddress kubeApi;

    @Option(names = "--mesos-api", paramLabel = "HOST:PORT", converter = ListenAddress.Converter.class,
            description = "Also serve the Mesos v1 scheduler API there, for Mesos frameworks"
                    + " (http://HOST:PORT/api/v1/scheduler); it has no authentication, as a Mesos master without"
                    + " framework authentication: keep it on loopback")
    ListenAddress mesosApi;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        Path dir = data.toAbsolutePath().normalize();
        StoreChoice choice = store.choice();
        LayerXServer server = Foreground.start(
                new ServerConfig(dir, listen.host(), listen.port(), choice, store.advertise()), listen, dockerApi, kubeApi, mesosApi);
        PrintWriter out = spec.commandLine().getOut();
        out.println("LayerX server listening on " + server.address());
        if (server.dockerApi() != null) out.println("  Docker API:       " + server.dockerApi());
        if (server.kubeApi() != null) {
            out.println("  Kubernetes API:   " + server.kubeApi() + " (export KUBECONFIG=" + server.kubeconfig() + ")");
        }
        if (server.mesosApi() != null) out.println("  Mesos API:        " + server.mesosApi());
        out.println("  data folder:      " + dir);
        if (choice instanceof StoreChoice.Etcd etcd) {
            out.println("  store:            etcd " + etcd.options().endpoints() + " under " + etcd.options().prefix()
                    + " (one of several servers: GET /v1/server tells which leads)");
        }
        out.println("  admin token file: " + server.adminTokenFile());
        out.println("  use it with:      export LAYERX_ADDR=" + server.address()
                + " LAYERX_TOKEN=$(cat " + server.adminTokenFile() + ")");
        out.flush();
        Foreground.runUntilStopped(server, System.err);
        return 0;
    }
}
