package io.layerx.provider.task.docker;

import io.javalin.http.Context;
import io.layerx.model.NodeState;
import io.layerx.service.ControlPlane;
import io.layerx.service.NodeView;
import java.io.OutputStream;
import java.util.Locale;

/**
 * {@code GET /containers/{id}/logs}: the output of the container's newest task, streamed from the engine of its node
 * in Docker's multiplexed framing; with {@code follow}, until the container stops or the client goes away.
 */
record LogStream(ControlPlane controlPlane, ContainerEngines engines, Containers containers) {

    void serve(Context ctx) throws Exception {
        Container c = containers.find(ctx.pathParam("id"));
        boolean stdout = DockerRoutes.flag(ctx, "stdout");
        boolean stderr = DockerRoutes.flag(ctx, "stderr");
        if (!stdout && !stderr) throw DockerApiError.badRequest("you must choose at least one stream");
        String until = ctx.queryParam("until");
        if (until != null && !until.isBlank() && !until.equals("0")) {
            throw DockerApiError.badRequest("--until is not supported by LayerX's Docker API");
        }
        ContainerEngines.LogOptions options = new ContainerEngines.LogOptions(DockerRoutes.flag(ctx, "follow"),
                DockerRoutes.flag(ctx, "timestamps"), tail(ctx.queryParam("tail")), since(ctx.queryParam("since")));
        String node = c.node();
        if (node != null) {
            NodeView n = controlPlane.node(node);
            if (!n.node().provider().equals("docker") || n.node().state() != NodeState.READY) {
                throw DockerApiError.unsupported("container " + c.name() + " runs on node " + node + " (a "
                        + n.node().provider() + " node, " + n.node().state().name().toLowerCase(Locale.ROOT) + "); "
                        + "LayerX shows the output of containers on the ready nodes of docker clusters only");
            }
        }
        ctx.status(200).contentType("application/vnd.docker.raw-stream");
        OutputStream out = ctx.outputStream();
        if (node == null) {
            out.flush();
            return;
        }
        engines.logs(node, c.task().id(), options, (stream, payload) -> {
            if (stream == 1 && stdout || stream == 2 && stderr) DockerRoutes.frame(out, stream, payload);
        });
        out.flush();
    }

    private static int tail(String raw) {
        if (raw == null || raw.isBlank() || raw.equals("all")) return -1;
        try {
            return Math.max(0, Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            throw DockerApiError.badRequest("tail must be a number or all, got '" + raw + "'");
        }
    }

    private static long since(String raw) {
        if (raw == null || raw.isBlank()) return 0;
        try {
            return (long) Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw DockerApiError.badRequest("since must be a Unix time in seconds, got '" + raw + "'");
        }
    }
}
