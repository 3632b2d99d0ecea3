package io.layerx.scheduler.feasibility;

import io.layerx.model.Cluster;
import io.layerx.model.Job;
import io.layerx.model.Node;
import io.layerx.snapshot.Versioned;
import io.layerx.snapshot.View;
import java.util.ArrayList;
import java.util.List;

/** Ready nodes that pass a job's hard constraints: where a system job runs one task each. */
public final class EligibleNodes {

    private EligibleNodes() {
    }

    public static List<String> of(View view, Job job) {
        ConstraintCheck check = new ConstraintCheck(job.constraints());
        List<String> out = new ArrayList<>();
        for (Versioned<Node> vn : view.nodes()) {
            Node n = vn.value();
            Cluster c = view.cluster(n.cluster()).map(Versioned::value).orElse(null);
            if (n.ready() && check.check(n, c).isEmpty()) out.add(n.name());
        }
        return out;
    }
}
