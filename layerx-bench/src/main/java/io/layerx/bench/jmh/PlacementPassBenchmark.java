package io.layerx.bench.jmh;

import io.layerx.model.Placement;
import io.layerx.model.Spread;
import io.layerx.model.Strategy;
import io.layerx.model.Topology;
import io.layerx.scheduler.Proposal;
import io.layerx.scheduler.placement.PlacementPass;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One placement pass ({@link PlacementPass#plan}) on a large view: feasibility over the sampled nodes with room
 * (every node for {@code zone-spread}, whose rule looks at other nodes), the candidate heaps, and {@code limit}
 * placements. {@code limit=1} is the cost of one decision when a job has one task;
 * {@code limit=1000} is a full plan (divide by 1,000 for the cost per placement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class PlacementPassBenchmark {

    @Param({"5000", "10000"})
    int nodes;

    @Param({"spread", "binpack", "zone-spread"})
    String rule;

    @Param({"1", "1000"})
    int limit;

    private PoolFixture pool;

    @Setup(Level.Trial)
    public void setUp() {
        Strategy strategy = rule.equals("binpack") ? Strategy.BINPACK : Strategy.SPREAD;
        Placement placement = rule.equals("zone-spread")
                ? new Placement(List.of(), List.of(), List.of(new Spread(Topology.ZONE, 1, true, 0)), 0)
                : Placement.NONE;
        pool = new PoolFixture(nodes, nodes * 10, 1000, strategy, placement);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public Proposal plan() {
        return pool.cache().read(v -> PlacementPass.plan("jmh", v, PoolFixture.JOB, limit));
    }
}
