package io.layerx.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.layerx.api.JobFileReader.Syntax;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.LayerXException;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobFileReaderTest {

    private final JobFileReader reader = new JobFileReader();

    static final String THREE_ERRORS = """
            type: sevice
            task:
              command: [sleep, "3600"]
              resources: {cpu: -5, memory: 128}
            """;

    private List<String> problems(String text) {
        return problems(text, Syntax.YAML);
    }

    private List<String> problems(String text, Syntax syntax) {
        var e = catchThrowableOfType(LayerXException.Invalid.class, () -> reader.read(text, syntax));
        assertThat(e).as("expected the file to be refused").isNotNull();
        return e.details();
    }

    /** A valid file with one line replaced or added. */
    private static String with(String line) {
        return "name: web\ntask:\n  command: [sleep, '1']\n" + line + "\n";
    }

    @Test
    void fileWithThreeErrorsYieldsAllThree() {
        var e = catchThrowableOfType(LayerXException.Invalid.class, () -> reader.read(THREE_ERRORS));
        assertThat(e.getMessage()).isEqualTo("job file has 3 problems");
        assertThat(e.details()).containsExactly(
                "name is required",
                "type 'sevice' is not one of service, batch, system",
                "task.resources.cpu must be >= 0, got -5");
    }

    @Test
    void threeErrorsInJsonToo() {
        String json = """
                {"type": "sevice", "task": {"command": ["sleep"], "resources": {"cpu": -5}}}""";
        assertThat(problems(json, Syntax.JSON)).containsExactly(
                "name is required",
                "type 'sevice' is not one of service, batch, system",
                "task.resources.cpu must be >= 0, got -5");
    }

    @Test
    void readsEveryField() {
        Job job = reader.read("""
                name: web
                type: batch
                replicas: 5
                strategy: binpack
                priority: 70
                labels: {app: web, tier: 1}
                constraints: ["cluster.name == sim-a", "node.labels.zone != z3"]
                retries: 2
                task:
                  driver: docker
                  command: ["sleep", 3600]
                  image: local/busybox
                  env: {K: V}
                  resources: {cpu: 250, memory: 128, disk: 10}
                  ports: [{label: http}, {label: admin, value: 9000}]
                  duration: 30s
                """);
        assertThat(job.name()).isEqualTo("web");
        assertThat(job.type()).isEqualTo(JobType.BATCH);
        assertThat(job.replicas()).isEqualTo(5);
        assertThat(job.strategy()).isEqualTo(Strategy.BINPACK);
        assertThat(job.priority()).isEqualTo(70);
        assertThat(job.labels()).isEqualTo(Map.of("app", "web", "tier", "1"));
        assertThat(job.constraints()).extracting(Constraint::expression)
                .containsExactly("cluster.name == sim-a", "node.labels.zone != z3");
        assertThat(job.maxRetries()).isEqualTo(2);
        assertThat(job.task().driver()).isEqualTo("docker");
        assertThat(job.task().command()).containsExactly("sleep", "3600");
        assertThat(job.task().image()).isEqualTo("local/busybox");
        assertThat(job.task().env()).isEqualTo(Map.of("K", "V"));
        assertThat(job.task().resources()).isEqualTo(new Resources(250, 128, 10));
        assertThat(job.task().ports()).containsExactly(new PortRequest("http", 0), new PortRequest("admin", 9000));
        assertThat(job.task().duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(job.stopped()).isFalse();
        assertThat(job.version()).isZero();
    }

    @Test
    void appliesDefaults() {
        Job job = reader.read(with(""));
        assertThat(job.type()).isEqualTo(JobType.SERVICE);
        assertThat(job.replicas()).isEqualTo(1);
        assertThat(job.strategy()).isEqualTo(Strategy.SPREAD);
        assertThat(job.priority()).isEqualTo(Job.DEFAULT_PRIORITY);
        assertThat(job.maxRetries()).isEqualTo(Job.DEFAULT_MAX_RETRIES);
        assertThat(job.task().driver()).isEqualTo("exec");
        assertThat(job.task().resources()).isEqualTo(Resources.ZERO);
        assertThat(job.task().duration()).isNull();
    }

    @Test
    void readsJsonSyntax() {
        Job job = reader.read("""
                {"name": "api", "replicas": 2, "task": {"command": ["run"], "duration": "PT5M"}}""", Syntax.JSON);
        assertThat(job.name()).isEqualTo("api");
        assertThat(job.replicas()).isEqualTo(2);
        assertThat(job.task().duration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void unknownFieldsAtEveryLevelAreReportedWithASuggestion() {
        assertThat(problems("""
                name: web
                replica: 3
                task:
                  command: [x]
                  resources: {cpus: 1}
                  ports: [{label: http, valu: 80}]
                  colour: red
                """)).containsExactly(
                "unknown field 'replica' (did you mean 'replicas'?)",
                "unknown field 'task.colour'",
                "unknown field 'task.resources.cpus' (did you mean 'cpu'?)",
                "unknown field 'task.ports[0].valu' (did you mean 'value'?)");
    }

    @Test
    void nameIsRequired() {
        assertThat(problems("task: {command: [x]}")).containsExactly("name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "-web", "web-", "web_1", "a.b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badNamesAreRefused(String name) {
        assertThat(problems("name: '" + name + "'\ntask: {command: [x]}"))
                .singleElement().asString().startsWith("name '" + name + "' must be 1 to 63 lower-case letters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"w", "web", "web-1", "0a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void goodNamesAreTaken(String name) {
        assertThat(reader.read("name: '" + name + "'\ntask: {command: [x]}").name()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type: daemon          | type 'daemon' is not one of service, batch, system",
            "replicas: -1          | replicas must be from 0 to 1000000, got -1",
            "replicas: 1000001     | replicas must be from 0 to 1000000, got 1000001",
            "replicas: 2.5         | replicas must be an integer, got 2.5",
            "replicas: many        | replicas must be an integer, got 'many'",
            "strategy: fast        | strategy 'fast' is not one of spread, binpack, random",
            "priority: 101         | priority must be from 0 to 100, got 101",
            "priority: -1          | priority must be from 0 to 100, got -1",
            "labels: [a, b]        | labels must be a mapping of strings, got a list",
            "labels: {a: {b: c}}   | labels.a must be a string, got a mapping",
            "constraints: 'x == y' | constraints must be a list of strings, got 'x == y'",
            "retries: -2           | retries must be >= 0, got -2",
            "task: [x]             | task must be a mapping, got a list",
    })
    void eachTopLevelRule(String line, String problem) {
        assertThat(problems("name: web\n" + line + (line.startsWith("task") ? "" : "\ntask: {command: [x]}")))
                .containsExactly(problem);
    }

    @Test
    void eachBadConstraintIsReportedByItsOwnText() {
        List<String> found = problems(with("constraints: ['cluster.name == sim-a', 'zone = z1', 'node.color == red']"));
        assertThat(found).containsExactly(Constraint.parse("zone = z1").problem(),
                Constraint.parse("node.color == red").problem());
    }

    @Test
    void taskIsRequired() {
        assertThat(problems("name: web")).containsExactly("task is required");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "driver: podman, command: [x]                | task.driver 'podman' is not one of exec, docker",
            "driver: exec                                | task.command is required for the exec driver",
            "command: []                                 | task.command must not be empty for the exec driver",
            "command: 'sleep 1'                          | task.command must be a list of strings, got 'sleep 1'",
            "command: [sleep, [1]]                       | task.command[1] must be a string, got a list",
            "driver: docker                              | task.image is required for the docker driver",
            "command: [x], env: {A: [1]}                 | task.env.A must be a string, got a list",
            "command: [x], resources: {memory: -1}       | task.resources.memory must be >= 0, got -1",
            "command: [x], resources: {disk: lots}       | task.resources.disk must be MiB (128) or a quantity with its unit such as 128Mi, 1Gi or 500M, got 'lots'",
            "command: [x], resources: 5                  | task.resources must be a mapping, got 5",
            "command: [x], ports: [{value: 80}]          | task.ports[0].label is required",
            "command: [x], ports: [{label: a, value: 70000}] | task.ports[0].value must be from 0 to 65535, got 70000",
            "command: [x], ports: [{label: a}, {label: a}]   | task.ports: label 'a' is used twice",
            "command: [x], ports: [{label: a, value: 80}, {label: b, value: 80}] | task.ports: port 80 is asked for twice",
            "command: [x], ports: [http]                 | task.ports[0] must be a mapping with a label and an optional value, got 'http'",
            "command: [x], duration: soon                | task.duration 'soon' must look like 30s, 5m, 1h30m or PT30S",
            "command: [x], duration: 30                  | task.duration '30' must look like 30s, 5m, 1h30m or PT30S",
            "command: [x], duration: 0s                  | task.duration must be longer than 0, got '0s'",
    })
    void eachTaskRule(String task, String problem) {
        assertThat(problems("name: web\ntask: {" + task + "}")).containsExactly(problem);
    }

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "5m, PT5M", "1h30m, PT1H30M", "250ms, PT0.25S", "2d, PT48H", "PT30S, PT30S",
            "pt1m, PT1M"})
    void durationsInBothForms(String text, String iso) {
        assertThat(reader.read(with("  duration: " + text)).task().duration()).isEqualTo(Duration.parse(iso));
    }

    @Test
    void dockerNeedsNoCommand() {
        Job job = reader.read("name: web\ntask: {driver: docker, image: local/busybox}");
        assertThat(job.task().command()).isEmpty();
    }

    @Test
    void problemsOfEveryFieldComeTogether() {
        assertThat(problems("""
                name: Web
                replicas: -1
                priority: 500
                task:
                  driver: docker
                  resources: {cpu: -1, memory: -1}
                  duration: never
                """)).hasSize(7);
    }

    @Test
    void malformedYamlIsOneProblemWithLineAndColumn() {
        List<String> found = problems("name: web\ntask:\n  command: [sleep\n  image: x\n");
        assertThat(found).singleElement().asString()
                .startsWith("job file is not valid YAML at line ")
                .contains(", column ");
    }

    @Test
    void malformedJsonIsOneProblemWithLineAndColumn() {
        assertThat(problems("{\"name\": \"web\",\n \"task\": }", Syntax.JSON)).singleElement().asString()
                .startsWith("job file is not valid JSON at line 2, column ");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(problems("name: web\nname: api\ntask: {command: [x]}")).singleElement().asString()
                .contains("not valid YAML").contains("name");
    }

    @Test
    void emptyAndNonMappingFiles() {
        assertThat(problems("")).containsExactly("job file is empty");
        assertThat(problems("# only a comment\n")).containsExactly("job file is empty");
        assertThat(problems("- a\n- b\n")).singleElement().asString().startsWith("job file must be a mapping");
    }

    @Test
    void nullFieldsReadAsAbsent() {
        Job job = reader.read("name: web\nlabels:\nreplicas: ~\ntask:\n  command: [x]\n  image:\n");
        assertThat(job.labels()).isEmpty();
        assertThat(job.replicas()).isEqualTo(1);
        assertThat(job.task().image()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cpu: 250               | 250",
            "cpu: 250m              | 250",
            "cpu: '0.5'             | 500",
            "cpu: '2.0'             | 2000",
            "cpu: 1.5m              | -1"})
    void cpuIsMillicoresOrAKubernetesQuantity(String line, long milli) {
        String file = "name: web\ntask:\n  command: [x]\n  resources: {" + line + "}\n";
        if (milli < 0) {
            assertThat(problems(file)).containsExactly("task.resources.cpu '1.5m' is not a whole number of millicores");
        } else {
            assertThat(reader.read(file).task().resources().cpu()).isEqualTo(milli);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory: 128            | 128",
            "memory: 128Mi          | 128",
            "memory: 2Gi            | 2048",
            "memory: 500M           | 477",
            "memory: 1536Ki         | 2"})
    void memoryIsMebibytesOrAKubernetesQuantity(String line, long mib) {
        String file = "name: web\ntask:\n  command: [x]\n  resources: {" + line + "}\n";
        assertThat(reader.read(file).task().resources().memory()).isEqualTo(mib);
    }

    @Test
    void quantityTextWithoutItsUnitOrNotAQuantityIsRefused() {
        assertThat(problems("name: web\ntask:\n  command: [x]\n  resources: {cpu: '2'}\n")).containsExactly(
                "task.resources.cpu '2' as text is ambiguous (a number is millicores here, cores to Kubernetes): write"
                        + " 2000m for cores, or 2 without quotes for millicores");
        assertThat(problems("name: web\ntask:\n  command: [x]\n  resources: {cpu: lots, memory: '512', disk: 1Xi}\n"))
                .containsExactly(
                        "task.resources.cpu must be millicores (250) or a quantity such as 250m or \"0.5\" (cores), got 'lots'",
                        "task.resources.memory must be MiB (128) or a quantity with its unit such as 128Mi, 1Gi or 500M, got '512'",
                        "task.resources.disk must be MiB (128) or a quantity with its unit such as 128Mi, 1Gi or 500M, got '1Xi'");
    }
}
