package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    @Test
    void aDeploymentIsAServiceJobWithItsContainerAsTheTask() {
        Job job = Workloads.toJob(Kind.DEPLOYMENTS, "default", Yaml.deployment(), 1);
        assertThat(job.name()).isEqualTo("web");
        assertThat(job.type()).isEqualTo(JobType.SERVICE);
        assertThat(job.replicas()).isEqualTo(3);
        assertThat(job.task().driver()).isEqualTo("docker");
        assertThat(job.task().image()).isEqualTo("nginx:1");
        assertThat(job.task().command()).containsExactly("-g", "daemon off;");
        assertThat(job.task().env()).containsEntry("MODE", "on");
        assertThat(job.task().resources()).isEqualTo(Resources.of(250, 1024));
        assertThat(job.labels()).containsEntry("app", "web").containsEntry(Workloads.KIND_LABEL, "deployment")
                .containsEntry(Workloads.NAMESPACE_LABEL, "default").containsEntry(Workloads.NAME_LABEL, "web");
        assertThat(job.constraints()).containsExactlyInAnyOrder(
                new Constraint("node.labels.driver.docker", Constraint.Operator.EQ, List.of("true")),
                new Constraint("node.labels.zone", Constraint.Operator.EQ, List.of("z1")),
                new Constraint("node.name", Constraint.Operator.EQ, List.of("n1")));
    }

    @Test
    void theExecImageRunsTheCommandAsAProcessAndLimitsStandInForMissingRequests() {
        ObjectNode d = Yaml.deployment();
        ObjectNode c = (ObjectNode) d.path("spec").path("template").path("spec").path("containers").path(0);
        c.put("image", Workloads.EXEC_IMAGE);
        c.putArray("command").add("/bin/sh").add("-c");
        c.putArray("args").add("sleep 1");
        c.set("resources", Yaml.json("{'limits': {'cpu': '1.5', 'memory': '100M'}}"));
        Job job = Workloads.toJob(Kind.DEPLOYMENTS, "team", d, 1);
        assertThat(job.name()).isEqualTo("team-web");
        assertThat(job.task().driver()).isEqualTo("exec");
        assertThat(job.task().image()).isNull();
        assertThat(job.task().command()).containsExactly("/bin/sh", "-c", "sleep 1");
        assertThat(job.task().resources()).isEqualTo(Resources.of(1500, 96)); // 100 MB is 95.4 MiB, rounded up
    }

    @Test
    void withoutReplicasOrResourcesTheDefaultsHold() {
        ObjectNode d = Yaml.deployment();
        ((ObjectNode) d.path("spec")).remove("replicas");
        ((ObjectNode) d.path("spec").path("template").path("spec").path("containers").path(0)).remove("resources");
        Job job = Workloads.toJob(Kind.DEPLOYMENTS, "default", d, 7);
        assertThat(job.replicas()).isEqualTo(7);
        assertThat(job.task().resources()).isEqualTo(Resources.of(Workloads.DEFAULT_CPU, Workloads.DEFAULT_MEMORY));
    }

    @Test
    void aBatchJobRunsItsCompletionsWithBackoffLimitAsRetries() {
        ObjectNode j = Yaml.json("""
                {'apiVersion': 'batch/v1', 'kind': 'Job', 'metadata': {'name': 'count'},
                 'spec': {'completions': 4, 'backoffLimit': 2, 'template': {'spec': {'restartPolicy': 'Never',
                  'containers': [{'name': 'c', 'image': 'busybox'}]}}}}
                """);
        Job job = Workloads.toJob(Kind.JOBS, "default", j, 1);
        assertThat(job.type()).isEqualTo(JobType.BATCH);
        assertThat(job.replicas()).isEqualTo(4);
        assertThat(job.maxRetries()).isEqualTo(2);
        assertThat(Workloads.kindOf(job)).isEqualTo(Kind.JOBS);
    }

    @Test
    void aBarePodIsOneTaskThatRestartsAsItsPolicySays() {
        ObjectNode p = Yaml.json("""
                {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': {'name': 'once'},
                 'spec': {'restartPolicy': 'Never', 'containers': [{'name': 'c', 'image': 'busybox'}]}}
                """);
        Job never = Workloads.toJob(Kind.PODS, "default", p, 1);
        assertThat(never.type()).isEqualTo(JobType.BATCH);
        assertThat(never.task().restart().mode()).isEqualTo(RestartPolicy.Mode.NEVER);
        ((ObjectNode) p.path("spec")).put("restartPolicy", "Always");
        assertThat(Workloads.toJob(Kind.PODS, "default", p, 1).type()).isEqualTo(JobType.SERVICE);
    }
}
