package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Node;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import io.layerx.snapshot.Change;
import io.layerx.snapshot.Versioned;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Two frameworks and a LayerX service job share one simulated pool. Over random interleavings of offer rounds,
 * accepts of any size (also of offers gone stale while the service job's brain placed on their node), declines,
 * kills and service scale changes, no node ever holds more than its capacity: every commit the view sees is
 * checked, not just the end. And each framework is offered something. The statistics show how many launches the
 * applier refused (TASK_DROPPED) and how many ran.
 */
class SharedPoolProperties {

    sealed interface Action permits Round, Accept, Decline, Scale, Kill {
    }

    record Round() implements Action {
    }

    /** Framework {@code fw} launches {@code tasks} tasks of {@code cpu}/{@code mem} on its {@code pick}-th offer. */
    record Accept(int fw, int pick, int tasks, long cpu, long mem) implements Action {
    }

    record Decline(int fw, int pick) implements Action {
    }

    record Scale(int replicas) implements Action {
    }

    record Kill(int fw, int pick) implements Action {
    }

    @Provide
    Arbitrary<Action> actions() {
        var fw = Arbitraries.integers().between(0, 1);
        var pick = Arbitraries.integers().between(0, 5);
        return Arbitraries.oneOf(
                Arbitraries.just(new Round()),
                Combinators.combine(fw, pick, Arbitraries.integers().between(1, 4), Arbitraries.longs().between(1, 12).map(c -> c * 100),
                        Arbitraries.longs().between(1, 8).map(m -> m * 128)).as(Accept::new),
                Combinators.combine(fw, pick).as(Decline::new),
                Arbitraries.integers().between(0, 6).map(Scale::new),
                Combinators.combine(fw, pick).as(Kill::new));
    }

    @Property(tries = 12)
    void noNodeIsEverOverCommitted(@ForAll @Size(min = 4, max = 14) List<@net.jqwik.api.From("actions") Action> script)
            throws Exception {
        try (SimPool pool = new SimPool(3, 2000, 2048)) {
            List<String> overCommitted = new CopyOnWriteArrayList<>();
            pool.core.view().addListener(change -> {
                if (change instanceof Change.TaskChanged) overCommitted.addAll(overCommitted(pool));
            });
            MesosMaster master = new MesosMaster(InstantSource.system(), MesosMaster.Settings.DEFAULT, new FrameworkStore(pool.store));
            Launcher launcher = new Launcher(pool.cp(), master, InstantSource.system());
            launcher.heartbeat();
            var events = pool.cp().subscribe(0, master.updates()::onEvent, e -> { });
            List<Subscriber> subs = List.of(new Subscriber("s0"), new Subscriber("s1"));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) ids.add(master.subscribe(MesosClient.info("fw" + i), subs.get(i)));
            List<List<Offer>> offers = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<String>> tasks = List.of(new ArrayList<>(), new ArrayList<>());
            boolean[] offered = new boolean[2];
            int[] n = {0};
            List<Action> all = new ArrayList<>(List.of(new Round()));
            all.addAll(script);
            all.add(new Round());
            for (Action a : all) {
                switch (a) {
                    case Round r -> master.offers().offerRound(pool.cp().nodes(null));
                    case Accept acc -> pick(offers.get(acc.fw()), acc.pick()).ifPresent(o -> {
                        List<String> taskIds = new ArrayList<>();
                        for (int k = 0; k < acc.tasks(); k++) taskIds.add("t" + n[0]++);
                        accept(master, launcher, ids.get(acc.fw()), o, taskIds, acc.cpu(), acc.mem());
                        tasks.get(acc.fw()).addAll(taskIds);
                    });
                    case Decline d -> pick(offers.get(d.fw()), d.pick())
                            .ifPresent(o -> master.offers().take(ids.get(d.fw()), List.of(o.getId().getValue()), Duration.ZERO));
                    case Scale s -> pool.cp().submitJob(service(s.replicas()));
                    case Kill k -> pick(tasks.get(k.fw()), k.pick()).ifPresent(t -> launcher.kill(ids.get(k.fw()), t));
                }
                for (int i = 0; i < 2; i++) offered[i] |= drainOffers(subs.get(i), offers.get(i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.cp().tasks(new io.layerx.service.TaskFilter(null, null, null))
                    .stream().noneMatch(t -> t.state() == io.layerx.model.TaskState.ASSIGNED));
            events.close();
            assertThat(overCommitted).isEmpty();
            assertThat(overCommitted(pool)).isEmpty();
            assertThat(offered).containsOnly(true);
        }
    }

    private static <T> Optional<T> pick(List<T> list, int i) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(i % list.size()));
    }

    private static void accept(MesosMaster master, Launcher launcher, String fw, Offer o, List<String> ids, long cpu, long mem) {
        Optional<OfferBook.Offer> taken = master.offers().take(fw, List.of(o.getId().getValue()), Duration.ZERO);
        if (taken.isEmpty()) return;
        Resources asked = Resources.ZERO;
        for (String id : ids) {
            TaskInfo t = Launches.task(id, o.getAgentId(), cpu / 1000.0, mem);
            asked = asked.plus(TaskMapping.resources(t.getResourcesList()));
            if (!taken.get().room().fits(asked)) break; // what SchedulerCalls refuses as TASK_ERROR
            try {
                launcher.launch(fw, t, taken.get().node());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean drainOffers(Subscriber s, List<Offer> into) {
        boolean any = false;
        try {
            for (Optional<Event> e = s.next(Duration.ZERO); e.isPresent() && e.get().getType() != Event.Type.UNKNOWN; e = s.next(Duration.ZERO)) {
                if (e.get().getType() == Event.Type.UPDATE) {
                    net.jqwik.api.statistics.Statistics.label("updates").collect(e.get().getUpdate().getStatus().getState().name());
                }
                if (e.get().getType() == Event.Type.OFFERS) {
                    into.addAll(e.get().getOffers().getOffersList());
                    any = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return any;
    }

    private static Job service(int replicas) {
        TaskSpec spec = new TaskSpec("exec", List.of("sleep", "1000"), null, Map.of(), new Resources(500, 512, 0), List.of(), null);
        return new Job("svc", JobType.SERVICE, replicas, Strategy.BINPACK, Job.DEFAULT_PRIORITY, Map.of(), List.of(), spec,
                0, false, 0, null, null);
    }

    private static List<String> overCommitted(SimPool pool) {
        return pool.core.view().read(v -> {
            List<String> out = new ArrayList<>();
            for (Versioned<Node> n : v.nodes()) {
                Resources used = v.allocated(n.value().name());
                if (!n.value().capacity().fits(used)) out.add(n.value().name() + " holds " + used + " of " + n.value().capacity());
            }
            return out;
        });
    }
}
