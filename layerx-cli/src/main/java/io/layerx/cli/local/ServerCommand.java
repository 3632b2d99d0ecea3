package io.layerx.cli.local;

import io.layerx.server.LayerXServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerx server}: the server alone, in the foreground. */
@Command(name = "server", description = "Run the LayerX server in the foreground until SIGTERM or Ctrl-C.")
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

    @Override
    public Integer call() {
        Path dir = data.toAbsolutePath().normalize();
        LayerXServer server = Foreground.start(dir, listen, dockerApi);
        PrintWriter out = spec.commandLine().getOut();
        out.println("LayerX server listening on " + server.address());
        if (server.dockerApi() != null) out.println("  Docker API:       " + server.dockerApi());
        out.println("  data folder:      " + dir);
        out.println("  admin token file: " + server.adminTokenFile());
        out.println("  use it with:      export LAYERX_ADDR=" + server.address()
                + " LAYERX_TOKEN=$(cat " + server.adminTokenFile() + ")");
        out.flush();
        Foreground.runUntilStopped(server, System.err);
        return 0;
    }
}
