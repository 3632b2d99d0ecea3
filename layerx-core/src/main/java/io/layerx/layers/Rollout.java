package io.layerx.layers;

import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.model.Requirement;
import io.layerx.model.Task;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One step of an image set toward its target, decided on the view (pure): each selected node's state, which nodes
 * start draining (in name order, while fewer than {@code maxUnavailable} nodes lack the set), which drained nodes
 * switch their members, where a roll failed, and what member jobs and node labels must change.
 */
final class Rollout {

    private Rollout() {
    }

    /**
     * @param drain  nodes whose layer-2 dependents must move off now
     * @param labels node to the ready version its label must say (0: no label)
     */
    record Result(ImageSetStatus status, List<String> drain, List<Job> submit, List<String> stop, Map<String, Long> labels) {
    }

    static Result next(View v, ImageSetHistory h, ImageSetStatus before, Instant now) {
        ImageSet target = h.current();
        boolean sameAttempt = before != null && before.attempt() == h.attempt();
        String failedNode = sameAttempt ? before.failedNode() : null;
        String failure = sameAttempt ? before.failure() : "";
        Map<String, NodeLayer> out = new TreeMap<>();
        for (Node node : selected(v, target)) {
            NodeLayer prev = before == null ? null : before.nodes().get(node.name());
            out.put(node.name(), observe(v, h, prev != null ? prev
                    : new NodeLayer(node.name(), LayerState.ABSENT, 0, 0, "", now), now));
        }
        List<String> drain = new ArrayList<>(out.values().stream().filter(n -> n.state() == LayerState.DRAINING)
                .map(NodeLayer::node).toList());
        if (failedNode == null) {
            for (NodeLayer n : out.values()) {
                if (n.version() == target.version() && n.ready() != target.version() && n.state() == LayerState.FAILED) {
                    failedNode = n.node();
                    failure = n.reason();
                    break;
                }
            }
        }
        if (failedNode == null && !h.paused()) startDrains(target, out, drain, now);
        ImageSetStatus status = new ImageSetStatus(h.name(), target.version(), h.attempt(), out, failedNode, failure,
                h.paused(), now);
        return new Result(status, drain, submits(v, h, out), stops(v, h, out), labels(v, h.name(), out));
    }

    /** A node's state now: a drain goes on until no dependent is left, then the node switches to the target. */
    private static NodeLayer observe(View v, ImageSetHistory h, NodeLayer prev, Instant now) {
        long target = h.target();
        long version = prev.version() == 0 ? target : prev.version();
        if (prev.state() == LayerState.DRAINING && version != target) {
            int left = dependents(v, h.name(), prev.node()).size();
            if (left > 0) {
                return prev.with(LayerState.DRAINING, version, "moving " + left + " layer-2 task" + (left == 1 ? "" : "s")
                        + " off before version " + target, now);
            }
            version = target;
        }
        MemberJobs.Observed o = MemberJobs.observe(v, h.version(version).orElseThrow(), prev.node());
        return prev.with(o.state(), version, o.reason(), now);
    }

    /** Nodes not at the target start draining, in name order, within the budget of nodes without the set. */
    private static void startDrains(ImageSet target, Map<String, NodeLayer> out, List<String> drain, Instant now) {
        long unavailable = out.values().stream().filter(n -> n.state() != LayerState.READY).count();
        for (NodeLayer n : List.copyOf(out.values())) {
            if (n.version() == target.version() || n.state() == LayerState.DRAINING) continue;
            boolean down = n.state() != LayerState.READY;
            if (!down && unavailable >= target.maxUnavailable()) break;
            if (!down) unavailable++;
            out.put(n.node(), n.with(LayerState.DRAINING, n.version(), "moving layer-2 work off before version "
                    + target.version(), now));
            drain.add(n.node());
        }
    }

    /** The live layer-2 tasks on the node whose job requires the set. */
    static List<Task> dependents(View v, String set, String node) {
        return v.tasksOnNode(node).stream().map(Versioned::value)
                .filter(t -> t.desired() == DesiredState.RUN && !t.state().terminal())
                .filter(t -> v.job(t.job()).map(j -> j.value().requires().stream()
                        .anyMatch(r -> r.imageSet().equals(set))).orElse(false))
                .toList();
    }

    private static List<Node> selected(View v, ImageSet target) {
        String own = Requirement.LABEL_PREFIX;
        return v.nodes().stream().map(Versioned::value).filter(n -> {
            Map<String, String> labels = new LinkedHashMap<>(n.labels());
            labels.keySet().removeIf(k -> k.startsWith(own));
            return target.selects(labels);
        }).toList();
    }

    private static List<Job> submits(View v, ImageSetHistory h, Map<String, NodeLayer> out) {
        List<Job> jobs = new ArrayList<>();
        for (NodeLayer n : out.values()) {
            ImageSet spec = h.version(n.version()).orElseThrow();
            for (Member m : spec.members()) {
                Job wanted = MemberJobs.job(spec, m, n.node());
                boolean current = v.job(wanted.name()).map(j -> MemberJobs.current(j.value(), wanted)).orElse(false);
                if (!current) jobs.add(wanted);
            }
        }
        return jobs;
    }

    private static List<String> stops(View v, ImageSetHistory h, Map<String, NodeLayer> out) {
        Set<String> wanted = new HashSet<>();
        for (NodeLayer n : out.values()) {
            for (Member m : h.version(n.version()).orElseThrow().members()) {
                wanted.add(MemberJobs.jobName(h.name(), m.name(), n.node()));
            }
        }
        return MemberJobs.of(v, h.name()).stream().filter(j -> !j.stopped() && !wanted.contains(j.name()))
                .map(Job::name).toList();
    }

    private static Map<String, Long> labels(View v, String set, Map<String, NodeLayer> out) {
        Map<String, Long> changes = new TreeMap<>();
        String key = Requirement.label(set);
        for (Node node : v.nodes().stream().map(Versioned::value).toList()) {
            NodeLayer n = out.get(node.name());
            long want = n != null && n.state() == LayerState.READY ? n.version() : 0;
            String has = node.labels().get(key);
            if (want == 0 ? has != null : !Long.toString(want).equals(has)) changes.put(node.name(), want);
        }
        return changes;
    }
}
