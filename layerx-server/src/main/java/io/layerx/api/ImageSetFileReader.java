package io.layerx.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.layerx.layers.ImageSet;
import io.layerx.layers.ImageSetValidator;
import io.layerx.layers.Member;
import io.layerx.model.HealthCheck;
import io.layerx.model.LayerXException;
import io.layerx.model.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an image set file (YAML, or its JSON form) into an {@link ImageSet}, reporting every problem at once as
 * {@link LayerXException.Invalid}. The format is in {@code docs/imagesets.md}. Thread-safe.
 */
public final class ImageSetFileReader {

    static final List<String> FIELDS = List.of("name", "selector", "maxUnavailable", "members");
    static final List<String> MEMBER_FIELDS = List.of("name", "driver", "image", "command", "env", "resources",
            "health", "backoff");
    private static final List<String> RESOURCE_FIELDS = List.of("cpu", "memory", "disk");

    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public ImageSet read(String text, JobFileReader.Syntax syntax) {
        JsonNode root;
        try {
            root = (syntax == JobFileReader.Syntax.JSON ? JSON : YAML).readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            throw invalid(List.of(Problems.describe("image set file", syntax.name(), e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) throw invalid(List.of("image set file is empty"));
        if (!root.isObject()) {
            throw invalid(List.of("image set file must be a mapping of fields (name: ..., members: ...), got " + Fields.kind(root)));
        }
        List<String> problems = new ArrayList<>();
        Fields f = new Fields(root, "", problems);
        f.rejectUnknown(FIELDS);
        String name = f.text("name").orElse(null);
        if (name == null && !f.has("name")) f.problem("name is required");
        Map<String, String> selector = f.stringMap("selector");
        long maxUnavailable = f.integer("maxUnavailable", 1, 10_000).orElse(1);
        if (!f.has("members")) f.problem("members is required");
        List<Member> members = new ArrayList<>();
        List<JsonNode> items = f.list("members");
        for (int i = 0; i < items.size(); i++) {
            String at = "members[" + i + "]";
            if (!items.get(i).isObject()) {
                f.problem(at + " must be a mapping (name, image or command, ...), got " + Fields.kind(items.get(i)));
                continue;
            }
            members.add(member(new Fields(items.get(i), at, problems)));
        }
        ImageSet set = new ImageSet(name == null ? "" : name, 0, members, selector, (int) maxUnavailable, null);
        if (name == null) set = new ImageSet("x", 0, members, selector, (int) maxUnavailable, null);
        problems.addAll(ImageSetValidator.problems(set));
        if (!problems.isEmpty()) throw invalid(problems);
        return set;
    }

    /** The member as far as it could be read (what is missing or wrong is a problem in {@code m}). */
    private static Member member(Fields m) {
        m.rejectUnknown(MEMBER_FIELDS);
        String name = m.text("name").orElse(null);
        if (name == null) m.problem(m.path("name") + " is required");
        String image = m.text("image").orElse(null);
        String driver = m.choice("driver", List.of("docker", "exec")).orElse(image != null ? "docker" : "exec");
        List<String> command = m.stringList("command");
        Map<String, String> env = m.stringMap("env");
        Resources resources = m.mapping("resources").map(ImageSetFileReader::resources).orElse(Resources.ZERO);
        HealthCheck health = m.mapping("health").map(h -> TaskPolicyReader.health(h, List.of())).orElse(null);
        Duration backoff = m.text("backoff").map(t -> DurationText.parse(t).orElseGet(() -> {
            m.problem(m.path("backoff") + " '" + t + "' must look like 500ms, 2s or 1m");
            return null;
        })).orElse(null);
        return new Member(name == null ? "x" : name, driver, image, command, env, resources, health, backoff);
    }

    private static Resources resources(Fields r) {
        r.rejectUnknown(RESOURCE_FIELDS);
        return new Resources(r.integer("cpu", 0, Long.MAX_VALUE).orElse(0), r.integer("memory", 0, Long.MAX_VALUE)
                .orElse(0), r.integer("disk", 0, Long.MAX_VALUE).orElse(0));
    }

    private static LayerXException.Invalid invalid(List<String> problems) {
        return new LayerXException.Invalid(Problems.summary("image set file", problems), problems);
    }
}
