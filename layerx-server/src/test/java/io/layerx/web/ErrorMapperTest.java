package io.layerx.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.layerx.api.ErrorBody;
import io.layerx.model.LayerXException;
import io.layerx.web.ErrorMapper.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
    private final ErrorMapper mapper = new ErrorMapper();

    private Response map(Exception e) {
        return mapper.map(e, null);
    }

    @Test
    void expectedFailuresKeepTheirMessageAndDetails() {
        assertThat(map(new LayerXException.Invalid("job file has 2 problems", List.of("a", "b"))))
                .isEqualTo(new Response(400, new ErrorBody("job file has 2 problems", List.of("a", "b"))));
        assertThat(map(new LayerXException.NotFound("no job named 'x'")))
                .isEqualTo(new Response(404, ErrorBody.of("no job named 'x'")));
        assertThat(map(new LayerXException.Conflict("job x changed meanwhile")).status()).isEqualTo(409);
        assertThat(map(new LayerXException.Unauthorized("the token is not valid")).status()).isEqualTo(401);
        assertThat(map(new LayerXException.Forbidden("agents may not")).status()).isEqualTo(403);
    }

    @Test
    void unavailableIsA503ThatSaysToRetry() {
        Response r = map(new LayerXException.Unavailable("the store is closed", new IllegalStateException("x")));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().error()).contains("the store is closed").contains("retry");
    }

    @Test
    void frameworkRefusalsKeepTheirStatus() {
        assertThat(map(new ContentTooLargeResponse()).status()).isEqualTo(413);
        assertThat(map(new BadRequestResponse("bad")).body()).isEqualTo(ErrorBody.of("bad"));
    }

    @Test
    void anythingElseIsAGeneric500WithoutInternals() {
        Response r = map(new NullPointerException("secret internals at Foo.java:12"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().error()).doesNotContain("secret").doesNotContain("NullPointer");
        assertThat(r.body().details()).isEmpty();
    }
}
