package io.layerx.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.store.Codec;
import org.junit.jupiter.api.Test;

class EngineStatsTest {

    @Test
    void dockerOnCgroupV1() throws Exception {
        var json = Codec.mapper().readTree("""
                {"read": "2026-12-06T22:06:04.949784895Z", "cpu_stats": {"cpu_usage": {"total_usage": 123456789}},
                 "pids_stats": {"current": 4},
                 "memory_stats": {"usage": 220000000, "stats": {"total_inactive_file": 10000000, "total_rss": 209715200}}}""");
        assertThat(EngineStats.counters(json)).isEqualTo(new Counters(123456789, 210000000, 209715200, 4,
                java.time.Instant.parse("2026-12-06T22:06:04.949784895Z").getEpochSecond() * 1_000_000_000L + 949784895));
    }

    @Test
    void podmanOrDockerOnCgroupV2AndMissingCpu() throws Exception {
        var json = Codec.mapper().readTree("""
                {"read": "0001-01-01T00:00:00Z", "memory_stats": {"usage": 5000, "stats": {"inactive_file": 1000, "anon": 3000}}}""");
        assertThat(EngineStats.counters(json)).isEqualTo(new Counters(-1, 4000, 3000, 0));
    }
}
