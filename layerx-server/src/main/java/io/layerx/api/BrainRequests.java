package io.layerx.api;

import io.layerx.brain.BrainRegistration;
import io.layerx.brain.BrainRegistry;
import io.layerx.model.JobType;
import io.layerx.model.LayerXException;
import io.layerx.model.PlanStep;
import io.layerx.model.Resources;
import io.layerx.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The bodies of the /v1/brains routes (docs/brains.md) and their translation to the core's types. */
public final class BrainRequests {

    private BrainRequests() {
    }

    /** {@code PUT /v1/brains/{name}}: register, or heartbeat with the same body. */
    public record Register(List<String> types, Map<String, String> labels, String ttl) {

        public BrainRegistration toRegistration(String name) {
            List<String> problems = new ArrayList<>();
            Set<JobType> jobTypes = new LinkedHashSet<>();
            for (String t : types == null ? List.<String>of() : types) {
                JobType match = Arrays.stream(JobType.values()).filter(j -> j.wire().equals(t)).findFirst().orElse(null);
                if (match == null) {
                    problems.add("types: '" + t + "' is not one of " + Arrays.stream(JobType.values())
                            .map(JobType::wire).collect(Collectors.joining(", ")));
                } else {
                    jobTypes.add(match);
                }
            }
            Duration d = ttl == null ? BrainRegistration.DEFAULT_TTL : DurationText.parse(ttl).orElse(null);
            if (d == null) problems.add("ttl '" + ttl + "' is not a duration such as 15s or 1m");
            try {
                BrainRegistration r = new BrainRegistration(name, jobTypes, labels,
                        d == null ? BrainRegistration.DEFAULT_TTL : d);
                if (problems.isEmpty()) return r;
            } catch (LayerXException.Invalid e) {
                problems.addAll(e.details());
            }
            throw new LayerXException.Invalid("bad brain registration", problems);
        }
    }

    /** A brain as the API shows it. */
    public record BrainDto(String name, List<String> types, Map<String, String> labels, String ttl, Instant lastSeen,
                           boolean alive) {
        public static BrainDto of(BrainRegistry.Entry e) {
            BrainRegistration r = e.registration();
            return new BrainDto(r.name(), r.types().stream().map(JobType::wire).sorted().toList(), r.labels(),
                    r.ttl().toMillis() + "ms", e.lastSeen(), e.alive());
        }
    }

    /** One step of {@code POST /v1/brains/{name}/plans}; {@code resources} for resize (and optionally migrate). */
    public record Step(String type, String task, Long revision, String node, String reason, Resources resources) {
    }

    /** {@code POST /v1/brains/{name}/plans}. */
    public record PlanBody(List<Step> steps) {

        /** The steps, or a 400 listing every bad one. */
        public List<PlanStep> toSteps() {
            if (steps == null || steps.isEmpty()) {
                throw new LayerXException.Invalid("bad plan", List.of("steps: at least one step is needed"));
            }
            List<String> problems = new ArrayList<>();
            List<PlanStep> out = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                String at = "steps[" + i + "]";
                if (s == null) {
                    problems.add(at + " is null");
                    continue;
                }
                String type = s.type() == null ? "" : s.type().toLowerCase(Locale.ROOT);
                if (s.task() == null || s.task().isBlank()) problems.add(at + ".task is required");
                if (s.revision() == null || s.revision() < 1) problems.add(at + ".revision is required: the task revision the step was computed on");
                switch (type) {
                    case "place" -> {
                        if (s.node() == null || s.node().isBlank()) problems.add(at + ".node is required for a place step");
                        else out.add(new PlanStep.Place(s.task(), s.revision() == null ? 0 : s.revision(), s.node()));
                    }
                    case "migrate" -> {
                        if (s.node() == null || s.node().isBlank()) problems.add(at + ".node is required for a migrate step");
                        else out.add(new PlanStep.Migrate(s.task(), s.revision() == null ? 0 : s.revision(), s.node(), s.resources()));
                    }
                    case "resize" -> {
                        if (s.resources() == null) problems.add(at + ".resources is required for a resize step");
                        else out.add(new PlanStep.Resize(s.task(), s.revision() == null ? 0 : s.revision(), s.resources()));
                    }
                    case "stop" -> out.add(new PlanStep.Stop(s.task(), s.revision() == null ? 0 : s.revision(),
                            s.reason() == null || s.reason().isBlank() ? "stopped by a brain" : s.reason()));
                    default -> problems.add(at + ".type '" + s.type() + "' is not one of place, stop, migrate, resize");
                }
            }
            if (!problems.isEmpty()) throw new LayerXException.Invalid("bad plan", problems);
            return out;
        }
    }

    /** The answer to a plan: one verdict per step, in step order. */
    public record VerdictDto(int step, String task, boolean accepted, Long revision, String code, String detail) {
        public static List<VerdictDto> of(List<Verdict> verdicts) {
            List<VerdictDto> out = new ArrayList<>(verdicts.size());
            for (int i = 0; i < verdicts.size(); i++) {
                int step = i;
                out.add(switch (verdicts.get(i)) {
                    case Verdict.Accepted a -> new VerdictDto(step, a.step().taskId(), true, a.revision(), null, null);
                    case Verdict.Rejected r -> new VerdictDto(step, r.step().taskId(), false, null, r.code(), r.detail());
                });
            }
            return out;
        }
    }
}
