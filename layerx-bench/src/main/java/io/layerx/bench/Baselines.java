package io.layerx.bench;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * The textbook online packers on the same instance as LayerX (same tasks, same order, same node shape, same
 * dimensions, GPUs per device as LayerX places them), for comparison in {@code bench packing}: first-fit (the first
 * open node with room) and best-fit (the open node that would be fullest afterwards: the least summed free share
 * over the node's dimensions). A task fits a node when every dimension fits and its gpu fits the node's devices
 * ({@link GpuShares#fits}: a share on one device, whole devices idle); on the node it takes the devices
 * {@link GpuShares#choose} gives (the fullest device that holds a share). A task that fits no open node opens a
 * new one.
 */
final class Baselines {

    private Baselines() {
    }

    /** One open node: what is free, and each GPU device's free share. */
    private record Open(Resources free, GpuShares gpus) {
        boolean fits(Resources t) {
            return free.fits(t) && gpus.fits(t.gpu());
        }

        Open take(Resources t) {
            return new Open(free.minus(t), gpus.take(t.gpu()));
        }
    }

    /** Nodes first-fit uses. */
    static int firstFit(Resources node, List<Resources> tasks) {
        List<Open> open = new ArrayList<>();
        for (Resources t : tasks) {
            int at = -1;
            for (int i = 0; i < open.size() && at < 0; i++) if (open.get(i).fits(t)) at = i;
            place(node, open, at, t);
        }
        return open.size();
    }

    /** Nodes best-fit uses. */
    static int bestFit(Resources node, List<Resources> tasks) {
        List<Open> open = new ArrayList<>();
        for (Resources t : tasks) {
            int at = -1;
            double best = Double.MAX_VALUE;
            for (int i = 0; i < open.size(); i++) {
                Open o = open.get(i);
                if (!o.fits(t)) continue;
                double left = freeShare(node, o.free().minus(t));
                if (left < best) {
                    best = left;
                    at = i;
                }
            }
            place(node, open, at, t);
        }
        return open.size();
    }

    private static void place(Resources node, List<Open> open, int at, Resources t) {
        if (at < 0) {
            open.add(new Open(node, GpuShares.idle((int) (node.gpu() / GpuShares.WHOLE))).take(t));
        } else {
            open.set(at, open.get(at).take(t));
        }
    }

    private static double freeShare(Resources node, Resources free) {
        double s = (double) free.cpu() / node.cpu() + (double) free.memory() / node.memory();
        if (node.disk() > 0) s += (double) free.disk() / node.disk();
        return node.gpu() > 0 ? s + (double) free.gpu() / node.gpu() : s;
    }
}
