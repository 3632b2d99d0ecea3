package io.layerx.web;

import io.layerx.api.AddClusterRequest;
import io.layerx.api.BrainRequests;
import io.layerx.api.ClusterDto;
import io.layerx.api.ErrorBody;
import io.layerx.api.ImageSetDto;
import io.layerx.api.JobBatchDto;
import io.layerx.api.JobDto;
import io.layerx.api.NodeDto;
import io.layerx.api.RebalancerDto;
import io.layerx.api.TaskDto;
import io.layerx.brain.BrainGateway;
import io.layerx.provider.resource.agent.AgentProtocol;
import io.layerx.service.PlanPreview;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document of the /v1 API, served at {@code /v1/openapi.json} so a client (a brain, say) can be
 * generated in any language. Paths are listed here, one line each; every request and response schema is derived by
 * swagger-core from the very records the routes read and write, so the shapes cannot drift from the code.
 */
final class OpenApiDocument {

    /** One route: what it takes and gives. {@code body}/{@code answer} are record types; {@code list}: an array. */
    record Route(PathItem.HttpMethod method, String path, String summary, Class<?> body, Class<?> answer, boolean list,
                 int status) {
    }

    private static final PathItem.HttpMethod GET = PathItem.HttpMethod.GET;
    private static final PathItem.HttpMethod POST = PathItem.HttpMethod.POST;
    private static final PathItem.HttpMethod PUT = PathItem.HttpMethod.PUT;
    private static final PathItem.HttpMethod DELETE = PathItem.HttpMethod.DELETE;
    private static final Pattern PARAM = Pattern.compile("\\{([a-z]+)}");

    static final List<Route> ROUTES = List.of(
            new Route(POST, "/v1/clusters", "Add a cluster", AddClusterRequest.class, ClusterDto.class, false, 201),
            new Route(GET, "/v1/server", "This server: store, role among several servers on etcd, leader", null, Leadership.ServerStatus.class, false, 200),
            new Route(GET, "/v1/clusters", "List clusters", null, ClusterDto.class, true, 200),
            new Route(GET, "/v1/clusters/{name}", "One cluster", null, ClusterDto.class, false, 200),
            new Route(POST, "/v1/clusters/{name}/drain", "Drain every ready node of a cluster", null, NodeDto.class, true, 200),
            new Route(POST, "/v1/clusters/{name}/undrain", "Put a cluster's draining nodes back to work", null, NodeDto.class, true, 200),
            new Route(GET, "/v1/nodes", "List nodes (?cluster=NAME)", null, NodeDto.class, true, 200),
            new Route(GET, "/v1/nodes/{name}", "One node", null, NodeDto.class, false, 200),
            new Route(DELETE, "/v1/nodes/{name}", "Remove a drained node that runs nothing", null, null, false, 204),
            new Route(POST, "/v1/nodes/{name}/fail", "Fail a simulated node", null, NodeDto.class, false, 200),
            new Route(POST, "/v1/nodes/{name}/drain", "Drain a node: no new work, service tasks move off", null, NodeDto.class, false, 200),
            new Route(POST, "/v1/nodes/{name}/undrain", "Put a draining node back to work", null, NodeDto.class, false, 200),
            new Route(POST, "/v1/jobs", "Create or update a job (JSON or YAML job file)", JobDto.class, JobDto.class, false, 201),
            new Route(POST, "/v1/jobs/batch", "Create or update several jobs in one commit, all or none (YAML documents or a list)", JobDto.class, JobBatchDto.class, false, 200),
            new Route(POST, "/v1/jobs/plan", "Dry run of a job file", JobDto.class, PlanPreview.class, false, 200),
            new Route(GET, "/v1/jobs", "List jobs", null, JobDto.class, true, 200),
            new Route(GET, "/v1/jobs/{name}", "One job with counts and problems", null, JobDto.class, false, 200),
            new Route(DELETE, "/v1/jobs/{name}", "Stop a job", null, JobDto.class, false, 200),
            new Route(GET, "/v1/tasks", "List tasks (?job=&node=&state=)", null, TaskDto.class, true, 200),
            new Route(GET, "/v1/tasks/{id}", "One task", null, TaskDto.class, false, 200),
            new Route(POST, "/v1/tasks/{id}/migrate", "Move a running task, start before stop", ApiRoutes.MigrateRequest.class, TaskDto.class, false, 202),
            new Route(POST, "/v1/tasks/{id}/resize", "Change a task's reservation", ApiRoutes.ResizeRequest.class, null, false, 200),
            new Route(GET, "/v1/rebalancer", "The rebalancer", null, RebalancerDto.class, false, 200),
            new Route(GET, "/v1/frameworks", "List Mesos frameworks (with --mesos-api)", null, io.layerx.provider.task.mesos.FrameworkView.class, true, 200),
            new Route(GET, "/v1/frameworks/{id}", "One Mesos framework and its tasks", null, io.layerx.provider.task.mesos.FrameworkView.class, false, 200),
            new Route(DELETE, "/v1/frameworks/{id}", "Tear a Mesos framework down (its tasks are killed)", null, null, false, 204),
            new Route(PUT, "/v1/rebalancer", "Configure the rebalancer", RebalancerDto.Request.class, RebalancerDto.class, false, 200),
            new Route(POST, "/v1/imagesets", "Apply an image set file (JSON or YAML): a new version rolls node by node", ImageSetDto.class, ImageSetDto.class, false, 201),
            new Route(GET, "/v1/imagesets", "List image sets", null, ImageSetDto.class, true, 200),
            new Route(GET, "/v1/imagesets/{name}", "One image set with each node's state", null, ImageSetDto.class, false, 200),
            new Route(GET, "/v1/imagesets/{name}/rollout", "An image set's roll: phase, where and why it stopped", null, ImageSetDto.class, false, 200),
            new Route(POST, "/v1/imagesets/{name}/rollout/pause", "Pause an image set's roll", null, ImageSetDto.class, false, 200),
            new Route(POST, "/v1/imagesets/{name}/rollout/resume", "Resume (or retry) an image set's roll", null, ImageSetDto.class, false, 200),
            new Route(POST, "/v1/imagesets/{name}/rollback", "Roll back to the version the roll started from (?version=N)", null, ImageSetDto.class, false, 200),
            new Route(DELETE, "/v1/imagesets/{name}", "Delete an image set: its members stop on every node", null, null, false, 204),
            new Route(POST, "/v1/tokens", "Make an agent or brain token", AgentRoutes.TokenRequest.class, null, false, 201),
            new Route(GET, "/v1/brains", "List brains", null, BrainRequests.BrainDto.class, true, 200),
            new Route(PUT, "/v1/brains/{name}", "Register or heartbeat a brain", BrainRequests.Register.class, BrainRequests.BrainDto.class, false, 200),
            new Route(GET, "/v1/brains/{name}", "One brain", null, BrainRequests.BrainDto.class, false, 200),
            new Route(DELETE, "/v1/brains/{name}", "Unregister a brain", null, null, false, 204),
            new Route(GET, "/v1/brains/{name}/work", "Long-poll a brain's work (?after=REV&wait=30s)", null, BrainGateway.Work.class, false, 200),
            new Route(POST, "/v1/brains/{name}/plans", "Submit a plan; a verdict per step", BrainRequests.PlanBody.class, BrainRequests.VerdictDto.class, true, 200),
            new Route(POST, "/v1/agent/register", "An agent joins its node", AgentProtocol.Join.class, AgentProtocol.Joined.class, false, 201),
            new Route(POST, "/v1/agent/heartbeat", "An agent reports its tasks", AgentProtocol.Heartbeat.class, null, false, 200),
            new Route(GET, "/v1/agent/assignments", "Long-poll an agent's assignments", null, null, false, 200),
            new Route(GET, "/v1/usage/tasks", "Live use beside reservation per task (?job=&node=)", null, io.layerx.usage.TaskUsage.class, true, 200),
            new Route(GET, "/v1/usage/tasks/{id}", "One task's live use beside its reservation", null, io.layerx.usage.TaskUsage.class, false, 200),
            new Route(GET, "/v1/usage/nodes", "Live use, reservations and capacity per node", null, io.layerx.usage.NodeUsage.class, true, 200),
            new Route(GET, "/v1/usage/nodes/{name}", "One node's live use", null, io.layerx.usage.NodeUsage.class, false, 200),
            new Route(GET, "/v1/jobs/{name}/rightsize", "Recommend a reservation from the job's usage history", null, null, false, 200),
            new Route(POST, "/v1/jobs/{name}/rightsize", "Resize the job's running tasks in place to the recommendation", null, null, false, 200),
            new Route(GET, "/v1/tasks/{id}/logs", "A task's output (text; ?follow=true)", null, null, false, 200),
            new Route(GET, "/v1/events", "Server-Sent Events of every change (?from=REV)", null, null, false, 200),
            new Route(GET, "/metrics", "Prometheus metrics", null, null, false, 200));

    private OpenApiDocument() {
    }

    /** The document as JSON. */
    static String json(String version) {
        OpenAPI api = new OpenAPI()
                .info(new Info().title("LayerX").version(version).license(new License().name("Apache-2.0"))
                        .description("One control plane over many clusters. Every route but /healthz and "
                                + "/v1/openapi.json needs Authorization: Bearer TOKEN. Errors: {error, details[]}."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
        Paths paths = new Paths();
        schemas(api, ErrorBody.class);
        for (Route r : ROUTES) {
            PathItem item = paths.computeIfAbsent(r.path(), p -> new PathItem());
            item.operation(r.method(), operation(api, r));
        }
        api.paths(paths);
        try {
            return Json.pretty(api);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    private static Operation operation(OpenAPI api, Route r) {
        Operation op = new Operation().summary(r.summary()).operationId(operationId(r));
        Matcher m = PARAM.matcher(r.path());
        while (m.find()) op.addParametersItem(new Parameter().in("path").name(m.group(1)).required(true).schema(new StringSchema()));
        if (r.body() != null) {
            op.requestBody(new RequestBody().required(true).content(new Content()
                    .addMediaType("application/json", new MediaType().schema(schemas(api, r.body())))));
        }
        ApiResponse ok = new ApiResponse().description("done");
        if (r.answer() != null) {
            Schema<?> one = schemas(api, r.answer());
            Schema<?> schema = r.list() ? new ArraySchema().items(one) : one;
            ok.content(new Content().addMediaType("application/json", new MediaType().schema(schema)));
        }
        Schema<?> error = new Schema<>().$ref("#/components/schemas/ErrorBody");
        ApiResponses responses = new ApiResponses().addApiResponse(String.valueOf(r.status()), ok);
        for (Map.Entry<String, String> e : Map.of("400", "bad input: every problem is listed", "401", "no or bad token",
                "403", "the token may not do this", "404", "no such object", "409", "conflict: the reason says why").entrySet()) {
            responses.addApiResponse(e.getKey(), new ApiResponse().description(e.getValue())
                    .content(new Content().addMediaType("application/json", new MediaType().schema(error))));
        }
        return op.responses(responses);
    }

    /** Registers the type's schema (and those it refers to) and answers a reference to it. */
    private static Schema<?> schemas(OpenAPI api, Class<?> type) {
        Map<String, Schema> found = ModelConverters.getInstance().readAll(type);
        found.forEach(api.getComponents()::addSchemas);
        return found.containsKey(type.getSimpleName()) ? new Schema<>().$ref("#/components/schemas/" + type.getSimpleName())
                : new ObjectSchema();
    }

    private static String operationId(Route r) {
        StringBuilder b = new StringBuilder(r.method().name().toLowerCase(java.util.Locale.ROOT));
        for (String part : r.path().replace("/v1/", "/").split("[/{}]")) {
            if (part.isEmpty()) continue;
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }
}
