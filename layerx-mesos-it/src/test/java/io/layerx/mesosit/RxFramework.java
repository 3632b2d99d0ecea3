package io.layerx.mesosit;

import com.mesosphere.mesos.rx.java.AwaitableSubscription;
import com.mesosphere.mesos.rx.java.MesosClient;
import com.mesosphere.mesos.rx.java.SinkOperation;
import com.mesosphere.mesos.rx.java.SinkOperations;
import com.mesosphere.mesos.rx.java.protobuf.ProtobufMesosClientBuilder;
import com.mesosphere.mesos.rx.java.protobuf.SchedulerCalls;
import com.mesosphere.mesos.rx.java.util.UserAgentEntries;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import rx.Observable;
import rx.subjects.PublishSubject;
import rx.subjects.SerializedSubject;
import rx.subjects.Subject;

/**
 * A framework on Mesosphere's mesos-rxjava client, as a Mesos user writes one: it reacts to each event (offers are
 * handed to {@code onOffer}, which answers with an ACCEPT or DECLINE; every status update is acknowledged), and the
 * test can send more calls (KILL, RECONCILE) through {@link #send}. What it saw is kept for the test to check.
 */
final class RxFramework implements AutoCloseable {
    final FrameworkID id = FrameworkID.newBuilder().setValue("rx-" + UUID.randomUUID()).build();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Subject<Optional<SinkOperation<Call>>, Optional<SinkOperation<Call>>> extra =
            new SerializedSubject<>(PublishSubject.create());
    private final AwaitableSubscription session;

    RxFramework(URI scheduler, String name, Function<Offer, Call> onOffer) {
        FrameworkInfo info = FrameworkInfo.newBuilder().setId(id).setUser("root").setName(name).setFailoverTimeout(30)
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE)).build();
        MesosClient<Call, Event> client = ProtobufMesosClientBuilder.schedulerUsingProtos()
                .mesosUri(scheduler)
                .applicationUserAgentEntry(UserAgentEntries.literal("layerx-mesos-it", "0.1"))
                .subscribe(SchedulerCalls.subscribe(id, info))
                .processStream(stream -> Observable.merge(stream.doOnNext(events::add).flatMap(e -> react(e, onOffer)), extra))
                .build();
        session = client.openStream();
    }

    private Observable<Optional<SinkOperation<Call>>> react(Event e, Function<Offer, Call> onOffer) {
        return switch (e.getType()) {
            case OFFERS -> Observable.from(e.getOffers().getOffersList()).map(o -> op(onOffer.apply(o)));
            case UPDATE -> {
                TaskStatus s = e.getUpdate().getStatus();
                yield s.hasUuid() ? Observable.just(op(SchedulerCalls.ackUpdate(id, s.getUuid(), s.getAgentId(), s.getTaskId())))
                        : Observable.empty();
            }
            default -> Observable.empty();
        };
    }

    private Optional<SinkOperation<Call>> op(Call c) {
        return Optional.of(SinkOperations.create(c, errors::add));
    }

    void send(Call c) {
        extra.onNext(op(c));
    }

    Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(id);
    }

    List<TaskStatus> updates() {
        return events.stream().filter(e -> e.getType() == Event.Type.UPDATE).map(e -> e.getUpdate().getStatus()).toList();
    }

    boolean saw(String task, org.apache.mesos.v1.Protos.TaskState state) {
        return updates().stream().anyMatch(s -> s.getTaskId().getValue().equals(task) && s.getState() == state);
    }

    @Override
    public void close() {
        session.unsubscribe();
    }
}
