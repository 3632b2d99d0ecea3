package io.layerx.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Times every request by method, matched route (e.g. {@code /v1/jobs/{name}}) and status as
 * {@code http_server_requests_seconds}, and serves the registry in Prometheus text format.
 */
final class HttpMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    HttpMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before every scrape (gauges whose rows come and go, e.g. live usage per task). */
    void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** A Javalin request logger: runs once per request, after the response is decided. */
    void record(Context ctx, Float millis) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route and status")
                .tag("method", ctx.method().name())
                .tag("route", endpoint == null ? "unmatched" : endpoint.path)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    void scrape(Context ctx) {
        beforeScrape.forEach(Runnable::run);
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
