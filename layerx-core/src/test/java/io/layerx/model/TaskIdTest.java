package io.layerx.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskIdTest {

    @Test
    void aMillionIdsOfOneJobAreAllDistinctAndEightHexDigitsEach() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 1_000_000).forEach(i -> ids.add(Task.newId("c1m-325")));
        assertThat(ids).hasSize(1_000_000);
        assertThat(ids).allMatch(id -> id.matches("c1m-325-[0-9a-f]{8}"));
    }
}
