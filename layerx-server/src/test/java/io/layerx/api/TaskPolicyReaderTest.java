package io.layerx.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.layerx.model.HealthCheck;
import io.layerx.model.Job;
import io.layerx.model.LayerXException;
import io.layerx.model.RestartPolicy;
import io.layerx.store.Codec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code task.restart} and {@code task.health} blocks of a job file. */
class TaskPolicyReaderTest {

    private final JobFileReader reader = new JobFileReader();

    private List<String> problems(String text) {
        return catchThrowableOfType(LayerXException.Invalid.class, () -> reader.read(text)).details();
    }

    @Test
    void readsARestartPolicyAndAnHttpCheckWithTheirDefaults() {
        Job job = reader.read("""
                name: web
                task:
                  command: [sh]
                  ports: [{label: http}]
                  restart: {policy: on-failure, maxRetries: 4, backoff: 500ms}
                  health: {type: http, port: http, interval: 2s}
                """);
        assertThat(job.task().restart()).isEqualTo(new RestartPolicy(RestartPolicy.Mode.ON_FAILURE, 4,
                Duration.ofMillis(500), Duration.ofMinutes(1)));
        HealthCheck h = job.task().health();
        assertThat(h.kind()).isEqualTo(HealthCheck.Kind.HTTP);
        assertThat(h.path()).isEqualTo("/");
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(h.timeout()).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
        assertThat(h.failures()).isEqualTo(HealthCheck.DEFAULT_FAILURES);
    }

    @Test
    void whatTheApiShowsReadsBackToTheSameJob() throws Exception {
        Job job = reader.read("""
                name: web
                task:
                  command: [sh]
                  restart: {policy: always, backoff: 2s, maxBackoff: 30s}
                  health: {type: command, command: [test, -f, ready], failures: 2, grace: 5s}
                """);
        String shown = Codec.mapper().writeValueAsString(JobDto.of(job).task());
        Job again = reader.read("{\"name\": \"web\", \"task\": " + shown + "}", JobFileReader.Syntax.JSON);
        assertThat(again.task()).isEqualTo(job.task());
    }

    @Test
    void everyProblemOfTheBlocksIsListed() {
        assertThat(problems("""
                name: web
                type: batch
                task:
                  command: [sh]
                  restart: {policy: sometimes, backoff: soon}
                  health: {type: http, port: web, path: health, interval: 0s, failures: 0, colour: red}
                """)).contains(
                "task.restart.policy 'sometimes' is not one of always, on-failure, never",
                "task.restart.backoff 'soon' must look like 500ms, 30s, 5m or PT30S",
                "task.health.port must be the label of one of the task's ports, got 'web'",
                "task.health.path must start with /, got 'health'",
                "task.health.interval must be longer than 0, got '0s'");
        assertThat(problems("name: w\ntask: {command: [sh], health: {type: command}}"))
                .contains("task.health.command is required for a command check");
    }
}
