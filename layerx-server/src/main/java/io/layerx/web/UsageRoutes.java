package io.layerx.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.layerx.model.LayerXException;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.usage.NodeUsage;
import io.layerx.usage.TaskUsage;
import io.layerx.usage.UsageBoard;
import io.layerx.web.auth.Role;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Reservation beside live use, as the nodes report it: {@code GET /v1/usage/tasks[?job=&node=]},
 * {@code /v1/usage/tasks/{id}}, {@code /v1/usage/nodes}, {@code /v1/usage/nodes/{name}}; and the same as Prometheus
 * gauges ({@code layerx_task_used_*}, {@code layerx_node_used_*}, {@code layerx_*_reserved_*}).
 */
final class UsageRoutes {

    private final Supplier<AgentProvider> agents;
    private final List<Rows<TaskUsage>> taskGauges;
    private final List<Rows<NodeUsage>> nodeGauges;

    private record Rows<T>(MultiGauge gauge, ToLongFunction<T> value) {
    }

    UsageRoutes(Supplier<AgentProvider> agents, HttpMetrics metrics) {
        this.agents = agents;
        var registry = metrics.registry();
        Function<String, MultiGauge> gauge = name -> MultiGauge.builder(name).register(registry);
        this.taskGauges = List.of(
                new Rows<>(gauge.apply("layerx.task.used.cpu.millicores"), t -> t.used().cpu()),
                new Rows<>(gauge.apply("layerx.task.used.memory.bytes"), t -> t.used().memory()),
                new Rows<>(gauge.apply("layerx.task.used.pids"), t -> t.used().pids()),
                new Rows<>(gauge.apply("layerx.task.reserved.cpu.millicores"), t -> t.reserved().cpu()),
                new Rows<>(gauge.apply("layerx.task.reserved.memory.bytes"), t -> t.reserved().memory() << 20));
        this.nodeGauges = List.of(
                new Rows<>(gauge.apply("layerx.node.used.cpu.millicores"), n -> n.used().cpu()),
                new Rows<>(gauge.apply("layerx.node.used.memory.bytes"), n -> n.used().memory()),
                new Rows<>(gauge.apply("layerx.node.reserved.cpu.millicores"), n -> n.reserved().cpu()),
                new Rows<>(gauge.apply("layerx.node.reserved.memory.bytes"), n -> n.reserved().memory() << 20));
        metrics.beforeScrape(this::refresh);
    }

    void register(RoutesConfig r) {
        r.get("/v1/usage/tasks", this::tasks, Role.ADMIN, Role.VIEWER);
        r.get("/v1/usage/tasks/{id}", ctx -> ctx.json(board().task(ctx.pathParam("id")).orElseThrow(
                () -> new LayerXException.NotFound("no usage of task " + ctx.pathParam("id")
                        + " reported: it does not run, or its node cannot measure it"))), Role.ADMIN, Role.VIEWER);
        r.get("/v1/usage/nodes", ctx -> ctx.json(board().nodes()), Role.ADMIN, Role.VIEWER);
        r.get("/v1/usage/nodes/{name}", ctx -> ctx.json(board().node(ctx.pathParam("name")).orElseThrow(
                () -> new LayerXException.NotFound("no usage of node " + ctx.pathParam("name")
                        + " reported in the last " + UsageBoard.STALE.toSeconds() + " s"))), Role.ADMIN, Role.VIEWER);
    }

    private void tasks(Context ctx) {
        String job = QueryParams.optional(ctx.queryParam("job"));
        String node = QueryParams.optional(ctx.queryParam("node"));
        ctx.json(board().tasks().stream().filter(t -> job == null || job.equals(t.job()))
                .filter(t -> node == null || node.equals(t.node())).toList());
    }

    private UsageBoard board() {
        return agents.get().usage();
    }

    private void refresh() {
        UsageBoard b;
        try {
            b = board();
        } catch (LayerXException e) {
            return; // no core runs here now (a follower): no rows
        }
        List<TaskUsage> tasks = b.tasks();
        for (Rows<TaskUsage> g : taskGauges) {
            g.gauge().register(tasks.stream().map(t -> MultiGauge.Row.of(
                    Tags.of("task", t.task(), "job", String.valueOf(t.job()), "node", t.node()),
                    (double) g.value().applyAsLong(t))).toList(), true);
        }
        List<NodeUsage> nodes = b.nodes();
        for (Rows<NodeUsage> g : nodeGauges) {
            g.gauge().register(nodes.stream().map(n -> MultiGauge.Row.of(Tags.of("node", n.node()),
                    (double) g.value().applyAsLong(n))).toList(), true);
        }
    }
}
