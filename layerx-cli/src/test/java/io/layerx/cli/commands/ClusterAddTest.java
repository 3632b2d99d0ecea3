package io.layerx.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.cli.Context;
import io.layerx.cli.Main;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClusterAddTest {

    private static ClusterCommand.Add parse(String... args) {
        CommandLine root = Main.commandLine(new Context(Map.of(), Path.of("/nonexistent"),
                new ByteArrayInputStream(new byte[0]), InstantSource.system()));
        CommandLine.ParseResult parsed = root.parseArgs(args);
        return parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void everyFlagLandsInTheRequestBody() {
        ClusterCommand.Add add = parse("cluster", "add", "sim", "sim-c", "--nodes", "4", "--cpu", "2000",
                "--memory", "4096", "--disk", "10240", "--labels", "zone=z3,tier=gold", "--node-labels", "rack=r1",
                "--start-delay", "2s", "--zones", "3");
        assertThat(add.body()).containsExactly(
                Map.entry("name", "sim-c"), Map.entry("kind", "sim"),
                Map.entry("labels", Map.of("zone", "z3", "tier", "gold")),
                Map.entry("nodes", 4), Map.entry("cpu", 2000L), Map.entry("memory", 4096L), Map.entry("disk", 10240L),
                Map.entry("zones", 3),
                Map.entry("nodeLabels", Map.of("rack", "r1")), Map.entry("startDelayMs", 2000L));
    }

    @Test
    void gpuFlagsGiveEachSimulatedNodeItsDevices() {
        ClusterCommand.Add add = parse("cluster", "add", "sim", "g", "--nodes", "2", "--cpu", "64000",
                "--memory", "262144", "--gpus", "8", "--gpu-model", "A100-SXM4-80GB", "--gpu-memory", "81920");
        assertThat(add.body()).containsEntry("gpus", 8).containsEntry("gpuModel", "A100-SXM4-80GB")
                .containsEntry("gpuMemory", 81920L);
        assertThat(parse("cluster", "add", "sim", "c", "--nodes", "1", "--cpu", "1", "--memory", "1").body())
                .doesNotContainKeys("gpus", "gpuModel", "gpuMemory");
    }

    @Test
    void defaultsAreNoDiskNoLabelsAnd200msStartDelay() {
        ClusterCommand.Add add = parse("cluster", "add", "sim", "sim-c", "--nodes", "1", "--cpu", "1",
                "--memory", "1");
        assertThat(add.body()).containsEntry("disk", 0L).containsEntry("labels", Map.of())
                .containsEntry("nodeLabels", Map.of()).containsEntry("startDelayMs", 200L).doesNotContainKey("zones");
    }

    @Test
    void aDockerClusterSendsItsEndpointsAndNetworkOnly() {
        ClusterCommand.Add add = parse("cluster", "add", "docker", "dk", "--endpoint", "unix:///run/a.sock",
                "--endpoint", "tcp://127.0.0.1:2375?cpu=2000&memory=4096", "--network", "none", "--labels", "site=lab");
        assertThat(add.body()).containsExactly(
                Map.entry("name", "dk"), Map.entry("kind", "docker"), Map.entry("labels", Map.of("site", "lab")),
                Map.entry("endpoints", java.util.List.of("unix:///run/a.sock", "tcp://127.0.0.1:2375?cpu=2000&memory=4096")),
                Map.entry("network", "none"));
    }

    @Test
    void simulatedUseAndCpuOvercommitByUseAreSentOnlyWhenAsked() {
        ClusterCommand.Add sim = parse("cluster", "add", "sim", "sim-c", "--nodes", "1", "--cpu", "1", "--memory", "1",
                "--usage-ratio", "0.3", "--cpu-overcommit-by-use");
        assertThat(sim.body()).containsEntry("usageRatio", 0.3).containsEntry("cpuOvercommitByUse", true);
        ClusterCommand.Add docker = parse("cluster", "add", "docker", "dk", "--endpoint", "unix:///run/a.sock",
                "--cpu-overcommit-by-use");
        assertThat(docker.body()).containsEntry("cpuOvercommitByUse", true).doesNotContainKey("usageRatio");
        assertThat(parse("cluster", "add", "sim", "s", "--nodes", "1", "--cpu", "1", "--memory", "1").body())
                .doesNotContainKeys("usageRatio", "cpuOvercommitByUse");
    }
}
