package io.layerx.provider.task.docker;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the Docker API: Docker's field names are written as given (maps, not beans). */
final class DockerJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private DockerJson() {
    }
}
