package io.layerx.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private static final Resources NODE = Resources.of(10, 10);

    private static List<Resources> cpus(long... cpu) {
        return java.util.Arrays.stream(cpu).mapToObj(c -> Resources.of(c, 0)).toList();
    }

    @Test
    void bestFitFillsTheFullestNodeWhereFirstFitTakesTheFirst() {
        // 5 and 6 open two nodes; 4 goes to the first (first-fit: 9 of 10) or to the fuller second (best-fit: 10 of
        // 10); the last 5 then needs a third node under first-fit and fits the first under best-fit
        List<Resources> tasks = cpus(5, 6, 4, 5);
        assertThat(Baselines.firstFit(NODE, tasks)).isEqualTo(3);
        assertThat(Baselines.bestFit(NODE, tasks)).isEqualTo(2);
    }

    @Test
    void gpuSharesMustFitOnOneDevice() {
        // two devices: 0.6 and 0.6 take one each; 0.5 fits neither device (0.4 free on each, 0.8 in sum)
        Resources node = new Resources(10, 10, 0, 2000);
        List<Resources> tasks = List.of(new Resources(1, 1, 0, 600), new Resources(1, 1, 0, 600),
                new Resources(1, 1, 0, 500), new Resources(1, 1, 0, 400));
        assertThat(Baselines.firstFit(node, tasks)).isEqualTo(2);
        assertThat(Baselines.bestFit(node, tasks)).isEqualTo(2);
        // a whole device needs an idle one: after a share on each device none is left
        List<Resources> whole = List.of(new Resources(1, 1, 0, 100), new Resources(1, 1, 0, 950),
                new Resources(1, 1, 0, 1000));
        assertThat(Baselines.firstFit(node, whole)).isEqualTo(2);
    }

    @Test
    void everyDimensionCounts() {
        List<Resources> tasks = List.of(Resources.of(1, 6), Resources.of(1, 6), new Resources(1, 1, 0));
        assertThat(Baselines.firstFit(NODE, tasks)).isEqualTo(2);
        assertThat(Baselines.bestFit(NODE, tasks)).isEqualTo(2);
    }
}
