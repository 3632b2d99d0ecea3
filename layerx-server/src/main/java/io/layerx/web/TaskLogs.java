package io.layerx.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.layerx.model.LayerXException;
import io.layerx.model.Task;
import io.layerx.provider.resource.agent.AgentProvider;
import io.layerx.provider.resource.agent.AgentRecord;
import io.layerx.service.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /v1/tasks/{id}/logs[?follow=true&stream=stdout|stderr]}: the server asks the agent of the task's node
 * for the log (presenting the key it handed that agent at join) and passes the bytes on as they come.
 */
public final class TaskLogs implements Handler, AutoCloseable {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    private final ControlPlane controlPlane;
    private final Supplier<AgentProvider> agents;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    public TaskLogs(ControlPlane controlPlane, Supplier<AgentProvider> agents) {
        this.controlPlane = controlPlane;
        this.agents = agents;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        Task task = controlPlane.task(ctx.pathParam("id"));
        boolean follow = flag(ctx.queryParam("follow"));
        String stream = ctx.queryParam("stream") == null ? "stdout" : ctx.queryParam("stream").strip();
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw new LayerXException.Invalid("bad query", List.of("stream must be stdout or stderr, got '" + stream + "'"));
        }
        copy(task, stream, follow, () -> {
            ctx.contentType("text/plain; charset=utf-8");
            // straight to the servlet's stream: Javalin's own output stream holds back the first 1,500 bytes (to
            // decide on compression), so a followed log that writes a line a second would show nothing for a minute
            return ctx.res().getOutputStream();
        });
    }

    /** Copies the task's {@code stream} from the agent of its node to {@code out} as it comes. */
    public void copy(Task task, String stream, boolean follow, OutputStream out) throws IOException {
        copy(task, stream, follow, () -> out);
    }

    private interface Sink {
        OutputStream open() throws IOException;
    }

    private void copy(Task task, String stream, boolean follow, Sink sink) throws IOException {
        AgentRecord agent = agentOf(task);
        URI uri = URI.create(agent.address() + "/v1/logs/" + URLEncoder.encode(task.id(), StandardCharsets.UTF_8)
                + "?stream=" + stream + "&follow=" + follow);
        HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + agent.logKey()).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerXException.Unavailable("interrupted while asking the agent of node " + task.node(), e);
        } catch (IOException e) {
            throw new LayerXException.Unavailable("the agent of node " + task.node() + " does not answer at "
                    + agent.address(), e);
        }
        try (InputStream in = resp.body()) {
            if (resp.statusCode() == 404) throw new LayerXException.NotFound("node " + task.node() + " has no log of task " + task.id());
            if (resp.statusCode() != 200) {
                throw new LayerXException.Unavailable("the agent of node " + task.node() + " answered " + resp.statusCode(), null);
            }
            copy(in, sink.open());
        }
    }

    private AgentRecord agentOf(Task task) {
        if (task.node() == null) {
            throw new LayerXException.NotFound("task " + task.id() + " is " + task.state().wire() + " and has run nowhere yet");
        }
        AgentRecord agent = agents.get().agent(task.node()).orElseThrow(() -> new LayerXException.NotFound(
                "task " + task.id() + " runs on node " + task.node() + ", which has no agent to keep logs"));
        if (agent.address().isBlank()) {
            throw new LayerXException.NotFound("the agent of node " + task.node() + " serves no logs");
        }
        return agent;
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    private static boolean flag(String v) {
        return v != null && (v.isBlank() || v.toLowerCase(Locale.ROOT).equals("true") || v.equals("1"));
    }

    @Override
    public void close() {
        http.close();
    }
}
