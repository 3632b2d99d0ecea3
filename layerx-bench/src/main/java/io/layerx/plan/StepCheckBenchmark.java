package io.layerx.plan;

import io.layerx.bench.jmh.PoolFixture;
import io.layerx.model.Placement;
import io.layerx.model.Plan;
import io.layerx.model.PlanStep;
import io.layerx.model.Strategy;
import io.layerx.scheduler.placement.PlacementPass;
import java.time.Instant;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The applier's verification of one plan of 1,000 placements ({@link StepCheck}, package-private, hence this
 * benchmark's package) against a large view: what {@code PlanApplier} does under its lock before it commits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class StepCheckBenchmark {

    @Param({"10000"})
    int nodes;

    private PoolFixture pool;
    private Plan plan;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new PoolFixture(nodes, nodes * 10, 1000, Strategy.SPREAD, Placement.NONE);
        plan = pool.cache().read(v -> PlacementPass.plan("jmh", v, PoolFixture.JOB, 1000)).plan();
        if (plan.steps().size() != 1000) throw new IllegalStateException("the pass placed " + plan.steps().size());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public void check(Blackhole bh) {
        pool.cache().read(v -> {
            StepCheck check = new StepCheck(v, Instant.EPOCH);
            for (PlanStep s : plan.steps()) bh.consume(check.check(s));
            return null;
        });
    }
}
