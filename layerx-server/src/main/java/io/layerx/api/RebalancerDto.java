package io.layerx.api;

import io.layerx.model.LayerXException;
import io.layerx.model.Strategy;
import io.layerx.rebalance.Rebalancer;
import io.layerx.rebalance.RebalancerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The rebalancer on the wire: {@code GET /v1/rebalancer} and the body of {@code PUT /v1/rebalancer}. */
public record RebalancerDto(boolean enabled, String mode, List<String> clusters, int movesPerMinute, double minGain,
                            boolean onArrival, long moves, long refused) {

    public static RebalancerDto of(Rebalancer.Status s) {
        RebalancerSettings r = s.settings();
        return new RebalancerDto(r.enabled(), r.mode().wire(), r.clusters().stream().sorted().toList(),
                r.movesPerMinute(), r.minGain(), r.onArrival(), s.moves(), s.refused());
    }

    /** What a PUT may set; absent fields take the defaults of a rebalancer that is off. */
    public record Request(Boolean enabled, String mode, List<String> clusters, Integer movesPerMinute, Double minGain,
                          Boolean onArrival) {

        public RebalancerSettings toSettings() {
            RebalancerSettings d = RebalancerSettings.OFF;
            List<String> problems = new ArrayList<>();
            Strategy m = d.mode();
            if (mode != null) {
                String x = mode.toLowerCase(Locale.ROOT);
                if (x.equals("binpack")) m = Strategy.BINPACK;
                else if (x.equals("spread")) m = Strategy.SPREAD;
                else problems.add("mode '" + mode + "' is not one of binpack, spread");
            }
            try {
                RebalancerSettings s = new RebalancerSettings(enabled != null && enabled, m,
                        clusters == null ? Set.of() : Set.copyOf(clusters),
                        movesPerMinute == null ? d.movesPerMinute() : movesPerMinute, minGain == null ? d.minGain() : minGain,
                        onArrival != null && onArrival);
                if (problems.isEmpty()) return s;
            } catch (LayerXException.Invalid e) {
                problems.addAll(e.details());
            }
            throw new LayerXException.Invalid("bad rebalancer settings", problems);
        }
    }
}
