package io.layerx.scheduler.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.GpuShares;
import io.layerx.model.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentationScorerTest {

    private static final Resources NODE = new Resources(16_000, 65_536, 0, 2000);
    /** Half the tasks ask for 0.5 of a device, half for a whole one. */
    private static final FragmentationScorer.Mix HALVES_AND_WHOLES = new FragmentationScorer.Mix(
            List.of(new Resources(1000, 1024, 0, 500), new Resources(1000, 1024, 0, 1000)), new double[] {0.5, 0.5});
    private final FragmentationScorer scorer = new FragmentationScorer(HALVES_AND_WHOLES);

    @Test
    void aShareGoesWhereItFillsADeviceRatherThanWhereItLeavesASliver() {
        Resources half = new Resources(1000, 1024, 0, 500);
        // node a: device 0 has 0.5 free, device 1 idle; node b: device 0 has 0.7 free, device 1 idle
        Resources freeA = NODE.minus(new Resources(1000, 1024, 0, 500));
        GpuShares devicesA = GpuShares.of(500, 1000);
        Resources freeB = NODE.minus(new Resources(1000, 1024, 0, 300));
        GpuShares devicesB = GpuShares.of(700, 1000);
        double a = scorer.score(NODE, freeA, devicesA, 0, half);
        double b = scorer.score(NODE, freeB, devicesB, 0, half);
        // on a the half fills device 0 exactly; on b it leaves 0.2 there, which neither size can use
        assertThat(a).isGreaterThan(b);
        assertThat(scorer.fragmentation(NODE, freeA.minus(half), devicesA.take(500)))
                .isLessThan(scorer.fragmentation(NODE, freeB.minus(half), devicesB.take(500)));
    }

    @Test
    void aShareUsesRoomThatWholeTasksCanNoLongerUse() {
        Resources half = new Resources(1000, 1024, 0, 500);
        // node a: one device idle (whole tasks still fit); node b: no idle device, 0.7 free on each
        double a = scorer.score(NODE, NODE.minus(new Resources(1000, 1024, 0, 1000)), GpuShares.of(0, 1000), 0, half);
        double b = scorer.score(NODE, NODE.minus(new Resources(1000, 1024, 0, 600)), GpuShares.of(700, 700), 0, half);
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void anIdleNodeComesAfterEveryNodeInUseWithRoom() {
        Resources whole = new Resources(1000, 1024, 0, 1000);
        double idle = scorer.score(NODE, NODE, GpuShares.idle(2), 0, whole);
        // a node in use where the whole GPU task takes the last idle device: the node is then useless to the mix
        Resources usedFree = NODE.minus(new Resources(14_000, 1024, 0, 1000));
        double used = scorer.score(NODE, usedFree, GpuShares.of(0, 1000), 0, whole);
        assertThat(used).isGreaterThan(idle);
    }

    @Test
    void nodesWithoutGpusAreBinpacked() {
        Resources cpuNode = Resources.of(8000, 16_384);
        Resources task = Resources.of(1000, 1024);
        assertThat(scorer.score(cpuNode, Resources.of(2000, 4096), GpuShares.NONE, 0, task))
                .isEqualTo(new BinPackScorer().score(cpuNode, Resources.of(2000, 4096), 0, task));
    }

    @Test
    void fgdsDeviceTermCountsDevicesTooSmallForTheTask() {
        assertThat(FragmentationScorer.deviceFragment(GpuShares.of(300, 1000, 600), 500)).isEqualTo(300);
        assertThat(FragmentationScorer.deviceFragment(GpuShares.of(300, 1000, 600), 2000)).isEqualTo(900);
        assertThat(FragmentationScorer.deviceFragment(GpuShares.of(300, 1000, 600), 0)).isZero();
    }
}
