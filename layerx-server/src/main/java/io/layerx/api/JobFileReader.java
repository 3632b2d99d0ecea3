package io.layerx.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.JobValidator;
import io.layerx.model.LayerXException;
import io.layerx.model.Placement;
import io.layerx.model.Requirement;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import io.layerx.model.UpdatePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a job file (YAML, or its JSON form) into a {@link Job}, reporting every problem of the file at once as
 * {@link LayerXException.Invalid}. The format is described in {@code docs/jobfile.md}. Thread-safe.
 */
public final class JobFileReader {

    /** The syntax of a job file. YAML also reads JSON; JSON gives JSON's own error messages. */
    public enum Syntax {
        YAML, JSON
    }

    static final List<String> FIELDS = Stream.concat(Stream.of(
            "name", "type", "replicas", "strategy", "priority", "labels", "constraints", "retries", "task", "brain", "update",
            "requires"),
            PlacementReader.FIELDS.stream()).toList();
    private static final List<String> TYPES = List.of("service", "batch", "system");
    private static final List<String> STRATEGIES = List.of("spread", "binpack", "random");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Reads YAML (which includes JSON). */
    public Job read(String text) {
        return read(text, Syntax.YAML);
    }

    public Job read(String text, Syntax syntax) {
        JsonNode root = parse(text, syntax);
        List<String> problems = new ArrayList<>();
        Job job = job(new Fields(root, "", problems));
        if (!problems.isEmpty()) {
            throw new LayerXException.Invalid(Problems.summary("job file", problems), problems);
        }
        return job;
    }

    /**
     * Reads the job files of a batch: YAML documents one after another ({@code ---}), each a job or a list of jobs,
     * or JSON objects or lists one after another. Every problem of every job is reported at once, each prefixed with the
     * job's place and name ({@code jobs[2] (web): task is required}).
     */
    public List<Job> readAll(String text, Syntax syntax) {
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode doc : documents(text, syntax, "batch")) {
            if (doc.isArray()) doc.forEach(docs::add); else docs.add(doc);
        }
        if (docs.isEmpty()) throw invalid("batch", "the batch holds no job");
        List<String> problems = new ArrayList<>();
        List<Job> jobs = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            if (!doc.isObject()) {
                problems.add("jobs[" + i + "] must be a mapping of fields (name: ..., task: ...), got " + Fields.kind(doc));
                continue;
            }
            JsonNode name = doc.path("name");
            String where = "jobs[" + i + "]" + (name.isTextual() && !name.asText().isBlank() ? " (" + name.asText() + ")" : "");
            List<String> own = new ArrayList<>();
            Job job = job(new Fields(doc, "", own));
            own.forEach(p -> problems.add(where + ": " + p));
            if (job != null) jobs.add(job);
        }
        if (!problems.isEmpty()) throw new LayerXException.Invalid(Problems.summary("batch", problems), problems);
        return jobs;
    }

    private static JsonNode parse(String text, Syntax syntax) {
        List<JsonNode> docs = documents(text, syntax, "job file");
        if (docs.isEmpty()) {
            throw invalid("job file is empty");
        }
        if (docs.size() > 1) {
            throw invalid("job file holds " + docs.size() + " jobs (" + (syntax == Syntax.JSON ? "JSON values" : "YAML documents")
                    + "); POST /v1/jobs takes one: send several to POST /v1/jobs/batch (layerx job run does)");
        }
        JsonNode root = docs.getFirst();
        if (!root.isObject()) {
            throw invalid("job file must be a mapping of fields (name: ..., task: ...), got " + Fields.kind(root)
                    + (root.isArray() ? "; send a list of jobs to POST /v1/jobs/batch" : ""));
        }
        return root;
    }

    /** The documents of {@code text}, empty ones left out. */
    private static List<JsonNode> documents(String text, Syntax syntax, String what) {
        List<JsonNode> docs = new ArrayList<>();
        ObjectMapper mapper = syntax == Syntax.JSON ? JSON : YAML;
        try (JsonParser parser = mapper.createParser(text == null ? "" : text)) {
            while (parser.nextToken() != null) {
                JsonNode doc = mapper.readTree(parser);
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) docs.add(doc);
            }
        } catch (JsonProcessingException e) {
            throw invalid(Problems.describe(what, syntax.name(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static LayerXException.Invalid invalid(String what, String problem) {
        return new LayerXException.Invalid(Problems.summary(what, List.of(problem)), List.of(problem));
    }

    private static LayerXException.Invalid invalid(String problem) {
        return invalid("job file", problem);
    }

    /** Reads every field, always to the end; returns null when a problem was found. */
    private static Job job(Fields f) {
        int before = f.problems().size();
        f.rejectUnknown(FIELDS);
        String name = name(f);
        JobType type = f.choice("type", TYPES).map(t -> JobType.valueOf(upper(t))).orElse(JobType.SERVICE);
        long replicas = f.integer("replicas", 0, JobValidator.MAX_REPLICAS).orElse(1);
        Strategy strategy = f.choice("strategy", STRATEGIES).map(s -> Strategy.valueOf(upper(s)))
                .orElse(Strategy.SPREAD);
        long priority = f.integer("priority", 0, 100).orElse(Job.DEFAULT_PRIORITY);
        Map<String, String> labels = f.stringMap("labels");
        List<Constraint> constraints = constraints(f);
        long retries = f.integer("retries", 0, Integer.MAX_VALUE).orElse(Job.DEFAULT_MAX_RETRIES);
        Optional<TaskSpec> task = taskSpec(f);
        Placement placement = PlacementReader.read(f);
        String brain = f.text("brain").orElse(null);
        UpdatePolicy update = f.mapping("update").map(JobFileReader::update).orElse(UpdatePolicy.DEFAULT);
        List<Requirement> requires = requires(f);
        if (f.problems().size() > before || name == null || task.isEmpty()) {
            return null;
        }
        return new Job(name, type, (int) replicas, strategy, (int) priority, labels, constraints, task.get(),
                (int) retries, false, 0, null, placement, brain, update, requires);
    }

    private static UpdatePolicy update(Fields f) {
        f.rejectUnknown(List.of("maxParallel"));
        return new UpdatePolicy((int) f.integer("maxParallel", 1, UpdatePolicy.MAX_PARALLEL).orElse(1));
    }

    private static String name(Fields f) {
        Optional<String> name = f.text("name");
        if (name.isEmpty()) {
            if (!f.has("name")) f.problem("name is required");
            return null;
        }
        if (!Names.valid(name.get())) {
            f.problem(Names.problem("name", name.get()));
            return null;
        }
        return name.get();
    }

    private static List<Constraint> constraints(Fields f) {
        List<Constraint> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String text : f.stringList("constraints")) {
            Constraint.Parsed parsed = Constraint.parse(text);
            if (!parsed.ok()) {
                f.problem(parsed.problem());
            } else if (seen.add(parsed.constraint().expression())) {
                out.add(parsed.constraint());
            }
        }
        return out;
    }

    /** {@code requires: imageset=NAME>=V} (one expression or a list of them). */
    private static List<Requirement> requires(Fields f) {
        List<String> texts = f.has("requires") && f.node().get("requires").isValueNode()
                ? f.text("requires").map(List::of).orElse(List.of()) : f.stringList("requires");
        List<Requirement> out = new ArrayList<>();
        Set<String> sets = new LinkedHashSet<>();
        for (String text : texts) {
            Requirement.Parsed parsed = Requirement.parse(text);
            if (!parsed.ok()) {
                f.problem("requires: " + parsed.problem());
            } else if (!sets.add(parsed.requirement().imageSet())) {
                f.problem("requires: image set '" + parsed.requirement().imageSet() + "' is named twice");
            } else {
                out.add(parsed.requirement());
            }
        }
        return out;
    }

    private static Optional<TaskSpec> taskSpec(Fields f) {
        if (!f.has("task")) {
            f.problem("task is required");
            return Optional.empty();
        }
        return f.mapping("task").flatMap(TaskSpecReader::read);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
