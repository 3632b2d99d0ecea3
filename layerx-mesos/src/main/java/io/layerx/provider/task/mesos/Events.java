package io.layerx.provider.task.mesos;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The scheduler events the master sends. */
final class Events {
    private Events() {
    }

    static Event subscribed(String framework, Duration heartbeat) {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue(framework))
                .setHeartbeatIntervalSeconds(heartbeat.toMillis() / 1000.0)).build();
    }

    static Event offers(List<Offer> offers) {
        return Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addAllOffers(offers)).build();
    }

    static Event rescind(String offer) {
        return Event.newBuilder().setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue(offer))).build();
    }

    static Event update(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(status)).build();
    }

    static Event error(String message) {
        return Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message)).build();
    }

    static Attribute text(String name, String value) {
        return Attribute.newBuilder().setName(name).setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue(value == null ? "" : value)).build();
    }
}
