package io.layerx.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.api.AddClusterRequest;
import io.layerx.api.ClusterDto;
import io.layerx.api.JobBatchDto;
import io.layerx.api.JobDto;
import io.layerx.api.JobFileReader;
import io.layerx.api.NodeDto;
import io.layerx.api.Problems;
import io.layerx.api.RebalancerDto;
import io.layerx.api.TaskDto;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.NodeState;
import io.layerx.service.ControlPlane;
import io.layerx.service.JobView;
import io.layerx.service.SubmitResult;
import io.layerx.service.TaskFilter;
import io.layerx.store.Codec;
import io.layerx.web.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The routes of docs/api.md, each a thin translation to one {@link ControlPlane} call. */
final class ApiRoutes {
    private static final ObjectReader CLUSTER_REQUEST = Codec.mapper().readerFor(AddClusterRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ControlPlane controlPlane;
    private final Leadership leadership;
    private final JobFileReader jobFiles = new JobFileReader();

    /** @param leadership this server among its peers; {@code null} for a server alone */
    ApiRoutes(ControlPlane controlPlane, Leadership leadership) {
        this.controlPlane = controlPlane;
        this.leadership = leadership;
    }

    void register(RoutesConfig r, HttpMetrics metrics, EventStream events) {
        r.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        r.get("/metrics", metrics::scrape, Role.ADMIN, Role.VIEWER);

        r.get("/v1/server", this::server, Role.ADMIN, Role.VIEWER);
        r.post("/v1/clusters", this::addCluster, Role.ADMIN);
        r.get("/v1/clusters", ctx -> ctx.json(controlPlane.clusters().stream().map(ClusterDto::of).toList()),
                Role.ADMIN, Role.VIEWER);
        r.get("/v1/clusters/{name}", ctx -> ctx.json(ClusterDto.of(controlPlane.cluster(ctx.pathParam("name")))),
                Role.ADMIN, Role.VIEWER);

        r.get("/v1/nodes", ctx -> ctx.json(controlPlane.nodes(QueryParams.optional(ctx.queryParam("cluster")))
                .stream().map(NodeDto::of).toList()), Role.ADMIN, Role.VIEWER);
        r.get("/v1/nodes/{name}", ctx -> ctx.json(NodeDto.of(controlPlane.node(ctx.pathParam("name")))),
                Role.ADMIN, Role.VIEWER);
        r.delete("/v1/nodes/{name}", ctx -> {
            controlPlane.removeNode(ctx.pathParam("name"));
            ctx.status(204);
        }, Role.ADMIN);
        r.post("/v1/nodes/{name}/fail", ctx -> ctx.json(NodeDto.of(controlPlane.failNode(ctx.pathParam("name")))),
                Role.ADMIN);
        r.post("/v1/nodes/{name}/drain", ctx -> ctx.json(NodeDto.of(controlPlane.drainNode(ctx.pathParam("name"), true))),
                Role.ADMIN);
        r.post("/v1/nodes/{name}/undrain",
                ctx -> ctx.json(NodeDto.of(controlPlane.drainNode(ctx.pathParam("name"), false))), Role.ADMIN);
        r.post("/v1/clusters/{name}/drain", ctx -> ctx.json(drainCluster(ctx.pathParam("name"), true)), Role.ADMIN);
        r.post("/v1/clusters/{name}/undrain", ctx -> ctx.json(drainCluster(ctx.pathParam("name"), false)), Role.ADMIN);

        r.post("/v1/jobs", this::submitJob, Role.ADMIN);
        r.post("/v1/jobs/batch", ctx -> ctx.json(JobBatchDto.of(controlPlane.submitJobs(
                jobFiles.readAll(ctx.body(), syntax(ctx))))), Role.ADMIN);
        r.post("/v1/jobs/plan", ctx -> ctx.json(controlPlane.planJob(readJob(ctx))), Role.ADMIN);
        r.get("/v1/jobs", ctx -> ctx.json(controlPlane.jobs().stream().map(JobDto::of).toList()),
                Role.ADMIN, Role.VIEWER);
        r.get("/v1/jobs/{name}", ctx -> ctx.json(JobDto.of(controlPlane.job(ctx.pathParam("name")))),
                Role.ADMIN, Role.VIEWER);
        r.delete("/v1/jobs/{name}", ctx -> ctx.json(JobDto.of(controlPlane.stopJob(ctx.pathParam("name")))),
                Role.ADMIN);

        r.get("/v1/tasks", this::tasks, Role.ADMIN, Role.VIEWER);
        r.get("/v1/tasks/{id}", ctx -> ctx.json(TaskDto.of(controlPlane.task(ctx.pathParam("id")))),
                Role.ADMIN, Role.VIEWER);
        r.post("/v1/tasks/{id}/migrate", this::migrate, Role.ADMIN);
        r.post("/v1/tasks/{id}/resize", this::resize, Role.ADMIN);

        r.get("/v1/events", events, Role.ADMIN, Role.VIEWER);

        r.get("/v1/rebalancer", ctx -> ctx.json(RebalancerDto.of(controlPlane.rebalancer())),
                Role.ADMIN, Role.VIEWER);
        r.put("/v1/rebalancer", ctx -> ctx.json(RebalancerDto.of(controlPlane.configureRebalancer(
                JsonBody.<RebalancerDto.Request>read(ctx, REBALANCER).toSettings()))), Role.ADMIN);
    }

    /** This server itself (never forwarded): where it serves, its store, whether it leads. */
    private void server(Context ctx) {
        if (leadership != null) {
            ctx.json(leadership.status());
        } else {
            String self = ctx.scheme() + "://" + ctx.host();
            ctx.json(Leadership.alone(java.net.URI.create(self)).status());
        }
    }

    private void addCluster(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) throw badBody(null);
        AddClusterRequest request;
        try {
            request = CLUSTER_REQUEST.readValue(body);
        } catch (JsonProcessingException e) {
            throw badBody(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (request == null) throw badBody(null);
        ctx.status(201).json(ClusterDto.of(controlPlane.addCluster(request.toCluster())));
    }

    private Job readJob(Context ctx) {
        return jobFiles.read(ctx.body(), syntax(ctx));
    }

    /** JSON for a JSON content type, else YAML (which reads JSON too). */
    private static JobFileReader.Syntax syntax(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        return type.contains("json") ? JobFileReader.Syntax.JSON : JobFileReader.Syntax.YAML;
    }

    private void submitJob(Context ctx) {
        SubmitResult result = controlPlane.submitJob(readJob(ctx));
        ctx.status(result.created() ? 201 : 200).json(JobDto.of(viewOf(result)));
    }

    /** The submitted job with its counts, even if the control plane's view has not caught up with it yet. */
    private JobView viewOf(SubmitResult result) {
        try {
            JobView v = controlPlane.job(result.job().name());
            return new JobView(result.job(), v.status(), v.counts(), v.problems());
        } catch (LayerXException.NotFound e) {
            return new JobView(result.job(), result.job().stopped() ? "stopped" : "pending", Map.of(), List.of());
        }
    }

    private void tasks(Context ctx) {
        TaskFilter filter = new TaskFilter(QueryParams.optional(ctx.queryParam("job")),
                QueryParams.optional(ctx.queryParam("node")), QueryParams.taskState(ctx.queryParam("state")));
        ctx.json(controlPlane.tasks(filter).stream().map(TaskDto::of).toList());
    }

    /** Drains (or undrains) every node of the cluster that is ready (or draining); the others are left as they are. */
    private List<NodeDto> drainCluster(String cluster, boolean drain) {
        controlPlane.cluster(cluster);
        NodeState from = drain ? NodeState.READY : NodeState.DRAINING;
        return controlPlane.nodes(cluster).stream()
                .map(n -> n.node().state() == from ? controlPlane.drainNode(n.node().name(), drain) : n)
                .map(NodeDto::of).toList();
    }

    /** The body of {@code POST /v1/tasks/{id}/migrate}: a target node or cluster, or neither (the best other node). */
    record MigrateRequest(String node, String cluster) {
    }

    private static final ObjectReader MIGRATE = JsonBody.reader(MigrateRequest.class);
    private static final ObjectReader RESIZE = JsonBody.reader(ResizeRequest.class);

    /** The body of {@code POST /v1/tasks/{id}/resize}: the new reservation; absent fields keep their value. */
    /** @param updateJob the job's template takes the new size too (nothing restarts) */
    record ResizeRequest(Long cpu, Long memory, Boolean updateJob) {
    }

    private void resize(Context ctx) {
        ResizeRequest req = JsonBody.read(ctx, RESIZE);
        var r = controlPlane.resizeTask(ctx.pathParam("id"), req.cpu(), req.memory(),
                Boolean.TRUE.equals(req.updateJob()));
        ctx.status(r.inPlace() ? 200 : 202).json(Map.of("inPlace", r.inPlace(), "task", TaskDto.of(r.task())));
    }
    private static final ObjectReader REBALANCER = JsonBody.reader(RebalancerDto.Request.class);

    private void migrate(Context ctx) {
        MigrateRequest req = ctx.bodyAsBytes().length == 0 ? new MigrateRequest(null, null) : JsonBody.read(ctx, MIGRATE);
        String node = QueryParams.optional(req.node());
        String cluster = QueryParams.optional(req.cluster());
        if (node != null && cluster != null) {
            throw new LayerXException.Invalid("bad migration", List.of("give node or cluster, not both"));
        }
        ctx.status(202).json(TaskDto.of(controlPlane.migrateTask(ctx.pathParam("id"), node, cluster)));
    }

    private static LayerXException.Invalid badBody(JsonProcessingException e) {
        String problem = e == null ? "request body is empty" : Problems.describe("request body", "JSON", e);
        return new LayerXException.Invalid("request body is not valid", List.of(problem));
    }
}
