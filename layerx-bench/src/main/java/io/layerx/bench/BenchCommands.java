package io.layerx.bench;

import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The scenarios of {@code layerx bench}, one subcommand each; options check their ranges before anything runs. */
final class BenchCommands {

    private static final String BRAINS = "Brain workers planning in parallel (default: ${DEFAULT-VALUE})";
    private static final String GOOD_ENOUGH = "Fenzo stops searching hosts for a task at this fitness (default: ${DEFAULT-VALUE})";

    private BenchCommands() {
    }

    static void check(CommandSpec spec, boolean ok, String problem) {
        if (!ok) throw new ParameterException(spec.commandLine(), spec.name() + ": " + problem);
    }

    /**
     * {@code --nodes}, {@code --job-size} and {@code --brains}, which every placing scenario takes; the scenario gives
     * the defaults of the first two (help shows none for them, as before).
     */
    static final class Size {
        @Spec(Spec.Target.MIXEE) CommandSpec mixee;
        @Option(names = "--nodes") int nodes;
        @Option(names = "--job-size") int jobSize;
        @Option(names = "--brains", defaultValue = "2", description = BRAINS) int brains;

        Size(int nodes, int jobSize) {
            this.nodes = nodes;
            this.jobSize = jobSize;
        }

        /** Checks the ranges for JOBS jobs of {@code --job-size} tasks. */
        void check(int jobs) {
            BenchCommands.check(mixee, nodes >= 1 && nodes <= 200_000, "--nodes must be between 1 and 200000, got " + nodes);
            BenchCommands.check(mixee, jobs >= 1, "--jobs must be at least 1, got " + jobs);
            BenchCommands.check(mixee, jobSize >= 1 && jobSize <= 100_000, "--job-size must be between 1 and 100000, got " + jobSize);
            BenchCommands.check(mixee, brains >= 1 && brains <= 64, "--brains must be between 1 and 64, got " + brains);
        }
    }

    @Command(name = "place", description = "TASKS tasks on NODES alike nodes; count only committed placements.")
    static final class Place implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Mixin Size size = new Size(5000, 1000);
        @Option(names = "--tasks", defaultValue = "100000") int tasks;
        @Option(names = "--strategy", defaultValue = "spread", description = "spread, binpack or random") Strategy strategy;
        @Option(names = "--node-cpu", defaultValue = "4000") long nodeCpu;
        @Option(names = "--node-memory", defaultValue = "16384") long nodeMemory;
        @Option(names = "--task-cpu", defaultValue = "100") long taskCpu;
        @Option(names = "--task-memory", defaultValue = "128") long taskMemory;

        @Override
        public Integer call() throws Exception {
            size.check(Math.max(1, tasks / Math.max(1, size.jobSize)));
            check(spec, tasks >= size.jobSize && tasks % size.jobSize == 0, "--tasks must be a multiple of --job-size");
            check(spec, nodeCpu >= 1 && nodeMemory >= 1 && taskCpu >= 0 && taskMemory >= 0, "sizes must not be negative");
            return output.print(PlaceScenario.run(new PlaceScenario.Params(size.nodes, tasks, size.jobSize, size.brains,
                    strategy, Resources.of(nodeCpu, nodeMemory), Resources.of(taskCpu, taskMemory))).withMachine());
        }
    }

    @Command(name = "c1m", description = "Nomad's C1M shape: JOBS jobs of JOB-SIZE tasks with a node constraint, Fenzo alongside.")
    static final class C1m implements Callable<Integer> {
        @Mixin BenchMain.Output output;
        @Mixin Size size = new Size(5000, 1000);
        @Option(names = "--jobs", defaultValue = "1000") int jobs;
        @Option(names = "--strategy", defaultValue = "binpack") Strategy strategy;
        @Option(names = "--peer-jobs", defaultValue = "50", description = "Jobs Fenzo places, the first ones (0: no peer; -1: all; default: 50, a few minutes)") int peerJobs;
        @Option(names = "--peer-good-enough", defaultValue = "0.9", description = GOOD_ENOUGH) double goodEnough;

        @Override
        public Integer call() throws Exception {
            size.check(jobs);
            return output.print(C1mScenario.run(new C1mScenario.Params(size.nodes, jobs, size.jobSize, size.brains,
                    strategy, peerJobs < 0 ? jobs : peerJobs, goodEnough)).withMachine());
        }
    }

    /** The three rule scenarios: the same options, their own rule and default {@code --jobs}. */
    abstract static class RuleCommand implements Callable<Integer> {
        private final RuleScenario.Rule rule;
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Mixin Size size = new Size(5000, 1000);
        @Option(names = "--zones", defaultValue = "3") int zones;
        @Option(names = "--jobs") int jobs;

        RuleCommand(RuleScenario.Rule rule, int jobs) {
            this.rule = rule;
            this.jobs = jobs;
        }

        @Override
        public Integer call() throws Exception {
            size.check(jobs);
            check(spec, zones >= 1 && zones <= 1000, "--zones must be between 1 and 1000, got " + zones);
            return output.print(RuleScenario.run(new RuleScenario.Params(rule, size.nodes, zones, jobs, size.jobSize,
                    size.brains)).withMachine());
        }
    }

    @Command(name = "spread", description = "Jobs with a required topology spread over zones (max skew 1).")
    static final class Spread extends RuleCommand {
        Spread() {
            super(RuleScenario.Rule.SPREAD, 100);
        }
    }

    @Command(name = "anti-affinity", description = "Jobs with required anti-affinity to their own tasks by node.")
    static final class AntiAffinity extends RuleCommand {
        AntiAffinity() {
            super(RuleScenario.Rule.ANTI_AFFINITY, 50);
        }
    }

    @Command(name = "affinity", description = "Jobs with required affinity (by zone) to an anchor task.")
    static final class Affinity extends RuleCommand {
        Affinity() {
            super(RuleScenario.Rule.AFFINITY, 50);
        }
    }

    @Command(name = "preemption", description = "High-priority jobs that fit only by evicting low-priority tasks.")
    static final class Preemption implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Mixin Size size = new Size(5000, 1000);
        @Option(names = "--zones", defaultValue = "3") int zones;
        @Option(names = "--jobs", defaultValue = "10") int jobs;

        @Override
        public Integer call() throws Exception {
            size.check(jobs);
            check(spec, (long) jobs * size.jobSize <= size.nodes * 4L,
                    "--jobs x --job-size must not exceed 4 x --nodes (the room there is)");
            return output.print(PreemptionScenario.run(new PreemptionScenario.Params(size.nodes, zones, jobs, size.jobSize,
                    size.brains)).withMachine());
        }
    }

    @Command(name = "latency", description = "Decision latency percentiles under a fixed offered load.")
    static final class Latency implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Mixin Size size = new Size(10_000, 10);
        @Option(names = "--rate", defaultValue = "1000", description = "Tasks offered per second") int rate;
        @Option(names = "--seconds", defaultValue = "30", description = "How long load is offered") int seconds;
        @Option(names = "--warmup-seconds", defaultValue = "5", description = "Samples of the first seconds dropped") int warmup;

        @Override
        public Integer call() throws Exception {
            size.check(1);
            check(spec, rate >= 1 && rate <= 1_000_000, "--rate must be between 1 and 1000000, got " + rate);
            check(spec, seconds >= 1 && warmup >= 0 && warmup < seconds, "--seconds must be at least 1 and above --warmup-seconds");
            check(spec, rate >= size.jobSize, "--rate must be at least --job-size");
            return output.print(LatencyScenario.run(new LatencyScenario.Params(size.nodes, rate, Duration.ofSeconds(seconds),
                    size.jobSize, size.brains, Duration.ofSeconds(warmup))).withMachine());
        }
    }

    @Command(name = "packing", description = "Nodes used against the lower bound on mixed task sizes, Fenzo alongside.")
    static final class Packing implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Option(names = "--trace", description = "Folder of the Alibaba cluster-trace-gpu-v2023 CSV files (default: a synthetic mix)") Path trace;
        @Option(names = "--pod-list", defaultValue = "openb_pod_list_default.csv", description = "The trace's pod list to read") String podList;
        @Option(names = "--tasks", defaultValue = "10000", description = "Synthetic mix: tasks") int tasks;
        @Option(names = "--seed", defaultValue = "1", description = "Synthetic mix: seed") long seed;
        @Option(names = "--brains", defaultValue = "2", description = BRAINS) int brains;
        @Option(names = "--no-peer", description = "Do not run Fenzo") boolean noPeer;
        @Option(names = "--peer-good-enough", defaultValue = "1.0", description = GOOD_ENOUGH) double goodEnough;
        @Option(names = "--rebalance", description = "Then run the binpack rebalancer on the packed pool and report "
                + "the nodes in use after it and its migrations") boolean rebalance;
        @Option(names = "--no-moves-on-arrival", description = "Place without the rebalancer's onArrival setting (no "
                + "task moves to make room for an arriving one), and only so") boolean noMoves;

        @Override
        public Integer call() throws Exception {
            check(spec, brains >= 1 && brains <= 64, "--brains must be between 1 and 64, got " + brains);
            check(spec, tasks >= 1, "--tasks must be at least 1, got " + tasks);
            if (trace != null) {
                check(spec, Files.isRegularFile(trace.resolve(TaskMix.NODES_FILE)), "--trace " + trace + " has no " + TaskMix.NODES_FILE);
                check(spec, Files.isRegularFile(trace.resolve(podList)), "--trace " + trace + " has no " + podList);
            }
            return output.print(PackingScenario.run(new PackingScenario.Params(trace, podList, tasks, seed, brains,
                    !noPeer, goodEnough, rebalance, !noMoves)).withMachine());
        }
    }

    @Command(name = "rebalance", description = "Fragment a simulated pool, then let the binpack rebalancer free nodes "
            + "within its budget of moves.")
    static final class Rebalance implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Option(names = "--nodes", defaultValue = "100", description = "Simulated nodes (default: ${DEFAULT-VALUE})") int nodes;
        @Option(names = "--tasks-per-job", defaultValue = "100",
                description = "Tasks of each of the four jobs (250, 500, 750, 1000 millicores) (default: ${DEFAULT-VALUE})") int tasksPerJob;
        @Option(names = "--moves-per-minute", defaultValue = "600", description = "The budget (default: ${DEFAULT-VALUE})") int movesPerMinute;
        @Option(names = "--limit", defaultValue = "120s", converter = Seconds.class,
                description = "Stop after this long even if moves go on, e.g. 90s or 3m (default: ${DEFAULT-VALUE})") Duration limit;

        @Override
        public Integer call() throws Exception {
            check(spec, nodes >= 1 && nodes <= 100_000, "--nodes must be between 1 and 100000, got " + nodes);
            check(spec, tasksPerJob >= 1, "--tasks-per-job must be at least 1, got " + tasksPerJob);
            check(spec, movesPerMinute >= 1, "--moves-per-minute must be at least 1, got " + movesPerMinute);
            return output.print(RebalanceScenario.run(new RebalanceScenario.Params(nodes, tasksPerJob, movesPerMinute,
                    limit)));
        }
    }

    /** A duration as {@code 90s}, {@code 3m}, {@code 1h} or {@code 500ms}. */
    static final class Seconds implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
            if (!m.matches()) throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a duration like 90s, 3m or 1h");
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }

    @Command(name = "scale", description = "NODES nodes and RESIDENT running tasks in the view; heap used; more jobs placed on top.")
    static final class Scale implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin BenchMain.Output output;
        @Mixin Size size = new Size(100_000, 1000);
        @Option(names = "--resident", defaultValue = "2000000") int resident;
        @Option(names = "--jobs", defaultValue = "20") int jobs;

        @Override
        public Integer call() throws Exception {
            size.check(jobs);
            check(spec, resident >= 0 && resident <= size.nodes * 30L, "--resident must be between 0 and 30 x --nodes");
            return output.print(ScaleScenario.run(new ScaleScenario.Params(size.nodes, resident, jobs, size.jobSize,
                    size.brains)).withMachine());
        }
    }
}
