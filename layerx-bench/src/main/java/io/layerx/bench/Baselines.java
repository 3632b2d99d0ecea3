package io.layerx.bench;

import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * The textbook online packers on the same instance as LayerX (same tasks, same order, same node shape, same
 * dimensions), for comparison in {@code bench packing}: first-fit (the first open node with room) and best-fit
 * (the open node that would be fullest afterwards: the least summed free share over the node's dimensions).
 * A task that fits no open node opens a new one.
 */
final class Baselines {

    private Baselines() {
    }

    /** Nodes first-fit uses. */
    static int firstFit(Resources node, List<Resources> tasks) {
        List<Resources> open = new ArrayList<>();
        for (Resources t : tasks) {
            int at = -1;
            for (int i = 0; i < open.size() && at < 0; i++) if (open.get(i).fits(t)) at = i;
            place(node, open, at, t);
        }
        return open.size();
    }

    /** Nodes best-fit uses. */
    static int bestFit(Resources node, List<Resources> tasks) {
        List<Resources> open = new ArrayList<>();
        for (Resources t : tasks) {
            int at = -1;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < open.size(); i++) {
                Resources free = open.get(i);
                if (!free.fits(t)) continue;
                double left = freeShare(node, free.minus(t));
                if (left < best) {
                    best = left;
                    at = i;
                }
            }
            place(node, open, at, t);
        }
        return open.size();
    }

    private static void place(Resources node, List<Resources> open, int at, Resources t) {
        if (at < 0) {
            open.add(node.minus(t));
        } else {
            open.set(at, open.get(at).minus(t));
        }
    }

    private static double freeShare(Resources node, Resources free) {
        double s = (double) free.cpu() / node.cpu() + (double) free.memory() / node.memory();
        return node.disk() > 0 ? s + (double) free.disk() / node.disk() : s;
    }
}
