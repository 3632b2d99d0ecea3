package io.layerx.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.cli.CommandError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static final URI URL = URI.create("http://127.0.0.1:7470/v1/jobs");

    private static CommandError error(int status, String body) {
        return ApiErrors.toCommandError(status, body.getBytes(StandardCharsets.UTF_8), URL);
    }

    @Test
    void badInputKeepsTheMessageAndEveryDetail() {
        CommandError e = error(400, """
                {"error": "job file has 3 problems", "details": ["name is required", "type 'sevice' is not one of \
                service, batch, system", "task.resources.cpu must be >= 0, got -5"]}""");
        assertThat(e.getMessage()).isEqualTo("job file has 3 problems");
        assertThat(e.details()).containsExactly("name is required", "type 'sevice' is not one of service, batch, system",
                "task.resources.cpu must be >= 0, got -5");
    }

    @Test
    void unauthorizedSaysSoAndHowToFixIt() {
        CommandError e = error(401, "{\"error\": \"invalid token\", \"details\": []}");
        assertThat(e.getMessage()).isEqualTo("not authorized (401): invalid token");
        assertThat(e.details()).containsExactly(ApiErrors.TOKEN_HINT);
    }

    @Test
    void aBodyThatIsNotTheErrorShapeStillGivesOneLine() {
        CommandError e = error(502, "<html>\nbad gateway</html>");
        assertThat(e.getMessage()).isEqualTo("HTTP 502 from " + URL + ": <html>");
        assertThat(error(404, "").getMessage()).isEqualTo("HTTP 404 from " + URL);
    }

    @Test
    void unavailableSuggestsARetry() {
        assertThat(error(503, "{\"error\": \"store closed\"}").getMessage())
                .isEqualTo("server unavailable (503): store closed; try again");
    }
}
