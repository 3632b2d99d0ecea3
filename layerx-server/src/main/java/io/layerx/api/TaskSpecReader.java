package io.layerx.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.model.GpuShares;
import io.layerx.model.HealthCheck;
import io.layerx.model.JobValidator;
import io.layerx.model.PortRequest;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
import io.layerx.model.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code task} block of a job file; part of {@link JobFileReader}. */
final class TaskSpecReader {
    static final List<String> FIELDS = List.of("driver", "command", "image", "env", "resources", "ports", "duration",
            "workdir", "restart", "health");
    private static final List<String> RESOURCE_FIELDS = List.of("cpu", "memory", "disk", "gpu");
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m?)");
    private static final Pattern BYTES = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)");
    private static final Map<String, Double> UNITS = Map.of("Ki", 1024.0, "Mi", 1024.0 * 1024, "Gi", 1024.0 * 1024 * 1024,
            "Ti", 1024.0 * 1024 * 1024 * 1024, "k", 1e3, "K", 1e3, "M", 1e6, "G", 1e9, "T", 1e12);
    private static final List<String> PORT_FIELDS = List.of("label", "value");
    private static final List<String> DRIVERS = List.of("exec", "docker");

    private TaskSpecReader() {
    }

    /** The task spec, or empty when the block has a problem (recorded in {@code f}). */
    static Optional<TaskSpec> read(Fields f) {
        int before = f.problems().size();
        f.rejectUnknown(FIELDS);
        String driver = f.choice("driver", DRIVERS).orElse(f.has("driver") ? null : "exec");
        List<String> command = f.stringList("command");
        String image = f.text("image").orElse(null);
        if ("exec".equals(driver) && command.isEmpty() && !f.has("command")) {
            f.problem(f.path("command") + " is required for the exec driver");
        } else if ("exec".equals(driver) && f.node().get("command").isArray() && f.node().get("command").isEmpty()) {
            f.problem(f.path("command") + " must not be empty for the exec driver");
        }
        if ("docker".equals(driver) && (image == null || image.isBlank())) {
            f.problem(f.path("image") + " is required for the docker driver");
        }
        Map<String, String> env = f.stringMap("env");
        Resources resources = f.mapping("resources").map(TaskSpecReader::resources).orElse(Resources.ZERO);
        List<PortRequest> ports = ports(f);
        Duration duration = duration(f);
        String workdir = f.text("workdir").orElse(null);
        if (workdir != null && !workdir.startsWith("/")) {
            f.problem(f.path("workdir") + " must be an absolute path, got '" + workdir + "'");
        }
        RestartPolicy restart = f.mapping("restart").map(TaskPolicyReader::restart).orElse(null);
        List<String> labels = ports.stream().map(PortRequest::label).toList();
        HealthCheck health = f.mapping("health").map(h -> TaskPolicyReader.health(h, labels)).orElse(null);
        if (f.problems().size() > before) return Optional.empty();
        return Optional.of(new TaskSpec(driver, command, image, env, resources, ports, duration, workdir, restart, health));
    }

    private static Resources resources(Fields r) {
        r.rejectUnknown(RESOURCE_FIELDS);
        return new Resources(cpu(r), mebibytes(r, "memory"), mebibytes(r, "disk"), gpu(r));
    }

    /**
     * {@code cpu: 250} (millicores), or as Kubernetes writes it: {@code cpu: 250m}, or cores as decimal text,
     * {@code cpu: "0.5"}. Whole cores as text ({@code "2"}) are refused: Kubernetes reads cores where a number here
     * is millicores.
     */
    private static long cpu(Fields r) {
        JsonNode n = r.node().get("cpu");
        if (n == null || !n.isTextual()) return r.integer("cpu", 0, Long.MAX_VALUE).orElse(0);
        Matcher m = CPU.matcher(n.asText().strip());
        if (!m.matches()) {
            r.problem(r.path("cpu") + " must be millicores (250) or a quantity such as 250m or \"0.5\" (cores), got '"
                    + n.asText() + "'");
            return 0;
        }
        if (m.group(2).isEmpty() && !m.group(1).contains(".")) {
            r.problem(r.path("cpu") + " '" + n.asText() + "' as text is ambiguous (a number is millicores here, cores to"
                    + " Kubernetes): write " + m.group(1) + "000m for cores, or " + m.group(1) + " without quotes for millicores");
            return 0;
        }
        double milli = Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1000 : 1);
        if (milli != Math.rint(milli)) {
            r.problem(r.path("cpu") + " '" + n.asText() + "' is not a whole number of millicores");
            return 0;
        }
        return (long) milli;
    }

    /**
     * {@code memory: 128} (MiB), or as Kubernetes writes it: {@code 128Mi}, {@code 1Gi}, {@code 500M} (rounded up
     * to whole MiB). Text without a unit is refused: it would be bytes to Kubernetes and MiB here.
     */
    private static long mebibytes(Fields r, String field) {
        JsonNode n = r.node().get(field);
        if (n == null || !n.isTextual()) return r.integer(field, 0, Long.MAX_VALUE).orElse(0);
        Matcher m = BYTES.matcher(n.asText().strip());
        if (!m.matches()) {
            r.problem(r.path(field) + " must be MiB (128) or a quantity with its unit such as 128Mi, 1Gi or 500M, got '"
                    + n.asText() + "'");
            return 0;
        }
        return (long) Math.ceil(Double.parseDouble(m.group(1)) * UNITS.get(m.group(2)) / (1024 * 1024));
    }

    /** {@code gpu: 2} (whole devices) or {@code gpu: 0.46} (a share of one device), in thousandths of a device. */
    private static long gpu(Fields r) {
        var v = r.decimal("gpu");
        if (v.isEmpty()) return 0;
        double devices = v.getAsDouble();
        if (Double.isNaN(devices) || Math.abs(devices) > 1e9) {
            r.problem(r.path("gpu") + " must be a number of devices, got " + devices);
            return 0;
        }
        long milli = Math.round(devices * GpuShares.WHOLE);
        if (devices > 0 && milli == 0) {
            r.problem(r.path("gpu") + " " + devices + " is below the smallest share, 0.001 of a device");
            return 0;
        }
        JobValidator.gpuProblem(r.path("gpu"), milli).ifPresent(r::problem);
        return milli;
    }

    private static List<PortRequest> ports(Fields f) {
        List<PortRequest> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        Set<Long> values = new HashSet<>();
        List<JsonNode> items = f.list("ports");
        for (int i = 0; i < items.size(); i++) {
            String at = f.path("ports") + "[" + i + "]";
            if (!items.get(i).isObject()) {
                f.problem(at + " must be a mapping with a label and an optional value, got "
                        + Fields.kind(items.get(i)));
                continue;
            }
            Fields p = new Fields(items.get(i), at, f.problems());
            p.rejectUnknown(PORT_FIELDS);
            Optional<String> label = p.text("label").filter(l -> !l.isBlank());
            long value = p.integer("value", 0, 65535).orElse(0);
            if (label.isEmpty()) {
                p.problem(p.path("label") + " is required");
            } else if (!labels.add(label.get())) {
                f.problem(f.path("ports") + ": label '" + label.get() + "' is used twice");
            } else if (value > 0 && !values.add(value)) {
                f.problem(f.path("ports") + ": port " + value + " is asked for twice");
            } else {
                out.add(new PortRequest(label.get(), (int) value));
            }
        }
        return out;
    }

    private static Duration duration(Fields f) {
        Optional<String> text = f.text("duration");
        if (text.isEmpty()) return null;
        Optional<Duration> d = DurationText.parse(text.get());
        if (d.isEmpty()) {
            f.problem(f.path("duration") + " '" + text.get() + "' must look like 30s, 5m, 1h30m or PT30S");
            return null;
        }
        if (d.get().isNegative() || d.get().isZero()) {
            f.problem(f.path("duration") + " must be longer than 0, got '" + text.get() + "'");
            return null;
        }
        return d.get();
    }
}
