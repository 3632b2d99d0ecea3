package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.service.TaskFilter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * An offer is a lease, not a reservation: when LayerX's own brain places on the node after the offer went out and
 * before the framework accepts (no offer round in between to rescind it), the plan applier refuses the launch and
 * the framework hears TASK_DROPPED; the node is not over-committed.
 */
class OfferLeaseIT {

    @Test
    void aLaunchOnAnOfferWhoseRoomWasTakenIsDroppedByTheApplier() throws Exception {
        try (SimPool pool = new SimPool(1, 2000, 2048)) {
            MesosMaster master = new MesosMaster(InstantSource.system(), MesosMaster.Settings.DEFAULT, new FrameworkStore(pool.store));
            Launcher launcher = new Launcher(pool.cp(), master, InstantSource.system());
            launcher.heartbeat();
            try (AutoCloseable events = pool.cp().subscribe(0, master.updates()::onEvent, e -> { })) {
                Subscriber sub = new Subscriber("s");
                String fw = master.subscribe(MesosClient.info("lease"), sub);
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.cp().nodes(null).stream().allMatch(n -> n.node().ready()));
                master.offers().offerRound(pool.cp().nodes(null));
                Offer offer = next(sub, Event.Type.OFFERS).getOffers().getOffers(0);
                String node = offer.getAgentId().getValue();
                TaskSpec spec = new TaskSpec("exec", List.of("sleep", "1000"), null, Map.of(), new Resources(1500, 1024, 0), List.of(), null);
                pool.cp().submitJob(new Job("brainy", JobType.SERVICE, 1, Strategy.SPREAD, Job.DEFAULT_PRIORITY, Map.of(),
                        List.of(new Constraint("node.name", Constraint.Operator.EQ, List.of(node))), spec, 0, false, 0, null, null));
                await().atMost(Duration.ofSeconds(20)).until(() -> !pool.cp().tasks(new TaskFilter("brainy", null, TaskState.RUNNING)).isEmpty());

                OfferBook.Offer taken = master.offers().take(fw, List.of(offer.getId().getValue()), Duration.ZERO).orElseThrow();
                launcher.launch(fw, Launches.task("late", offer.getAgentId(), 1.0, 512), taken.node());

                TaskStatus s = next(sub, Event.Type.UPDATE).getUpdate().getStatus();
                assertThat(s.getState()).isEqualTo(org.apache.mesos.v1.Protos.TaskState.TASK_DROPPED);
                assertThat(s.getMessage()).startsWith("the offer's room is gone: insufficient-");
                assertThat(pool.cp().node(node).allocated()).isEqualTo(new Resources(1500, 1024, 0));
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.cp().jobs().stream().noneMatch(j -> j.job().name().startsWith("mesos-")));
            }
        }
    }

    private static Event next(Subscriber s, Event.Type type) throws InterruptedException {
        List<Event.Type> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Optional<Event> e = s.next(Duration.ofMillis(200));
            if (e.isPresent() && e.get().getType() == type) return e.get();
            e.ifPresent(x -> seen.add(x.getType()));
        }
        throw new AssertionError("no " + type + " event; saw " + seen);
    }
}
