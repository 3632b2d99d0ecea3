package io.layerx.provider.task.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** Test data: TaskInfos, ACCEPT calls, and picking events out of a client's stream. */
final class Launches {
    private Launches() {
    }

    static TaskInfo task(String id, Offer offer, double cpus, double mem, String shell) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(offer.getAgentId())
                .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem))
                .setCommand(CommandInfo.newBuilder().setValue(shell)).build();
    }

    static TaskInfo task(String id, AgentID agent, double cpus, double mem) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(agent)
                .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000")).build();
    }

    static Resource scalar(String name, double v) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(v)).build();
    }

    static Call accept(MesosClient c, List<OfferID> offers, List<TaskInfo> tasks) {
        return c.call(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addAllOfferIds(offers)
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))).build();
    }

    static Offer firstOffer(MesosClient c) {
        return c.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersCount() > 0).getOffers().getOffers(0);
    }

    static boolean isUpdate(Event e, String task, org.apache.mesos.v1.Protos.TaskState state) {
        return e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(task)
                && e.getUpdate().getStatus().getState() == state;
    }

    static TaskStatus update(MesosClient c, String task, org.apache.mesos.v1.Protos.TaskState state) {
        return c.await(e -> isUpdate(e, task, state)).getUpdate().getStatus();
    }

    static Call ack(MesosClient c, TaskStatus s) {
        return c.call(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(s.getAgentId())
                .setTaskId(s.getTaskId()).setUuid(s.getUuid())).build();
    }
}
