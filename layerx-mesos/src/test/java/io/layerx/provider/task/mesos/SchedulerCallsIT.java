package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Constraint;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Resources;
import io.layerx.model.Strategy;
import io.layerx.model.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bad scheduler calls get the status and message a Mesos master gives (docs/scheduler-http-api.md), never a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerCallsIT {
    private SimPool pool;
    private MesosClient fw;

    @BeforeAll
    void start() throws Exception {
        pool = new SimPool(2, 4000, 4096);
        fw = pool.client().subscribe(MesosClient.info("bad-calls"));
    }

    @AfterAll
    void stop() throws Exception {
        fw.close();
        pool.close();
    }

    private Call revive() {
        return fw.call(Call.Type.REVIVE).build();
    }

    @Test
    void aCallWithoutStreamIdIs400() throws Exception {
        MesosClient.Reply r = fw.post("application/x-protobuf", revive().toByteArray(), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    }

    @Test
    void aCallWithAnotherStreamIdIs400() throws Exception {
        MesosClient.Reply r = fw.post("application/x-protobuf", revive().toByteArray(), "not-the-stream");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith("The stream ID 'not-the-stream' included in this request didn't match");
    }

    @Test
    void aCallOfAnUnknownFrameworkIs403() throws Exception {
        Call c = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue("nobody")).build();
        MesosClient.Reply r = fw.post("application/x-protobuf", c.toByteArray(), fw.streamId);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("Framework is not subscribed");
    }

    @Test
    void malformedProtobufAndJsonAre400() throws Exception {
        MesosClient.Reply proto = fw.post("application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02}, fw.streamId);
        assertThat(proto.status()).isEqualTo(400);
        assertThat(proto.body()).startsWith("Failed to parse body into Call protobuf");
        MesosClient.Reply json = fw.post("application/json", "{\"type\": ".getBytes(StandardCharsets.UTF_8), fw.streamId);
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.body()).startsWith("Failed to parse body into JSON");
        MesosClient.Reply unknownField = fw.post("application/json", "{\"type\": \"REVIVE\", \"bogus\": 1}".getBytes(StandardCharsets.UTF_8), fw.streamId);
        assertThat(unknownField.status()).isEqualTo(400);
    }

    @Test
    void anotherMediaTypeIs415AndAnotherMethodIs405() throws Exception {
        assertThat(fw.post("text/plain", "hi".getBytes(StandardCharsets.UTF_8), fw.streamId).status()).isEqualTo(415);
        MesosClient.Reply get = fw.get();
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.body()).isEqualTo("Expecting 'POST', received 'GET'");
    }

    @Test
    void callsMissingTheirFieldsAre400() throws Exception {
        MesosClient.Reply noFramework = fw.post("application/x-protobuf", Call.newBuilder().setType(Call.Type.REVIVE).build().toByteArray(), fw.streamId);
        assertThat(noFramework.status()).isEqualTo(400);
        assertThat(noFramework.body()).contains("Expecting 'framework_id' to be present");
        MesosClient.Reply noAccept = fw.send(fw.call(Call.Type.ACCEPT).build());
        assertThat(noAccept.status()).isEqualTo(400);
        assertThat(noAccept.body()).contains("Expecting 'accept' to be present");
        MesosClient.Reply noType = fw.send(Call.newBuilder().setFrameworkId(fw.id()).build());
        assertThat(noType.status()).isEqualTo(400);
        MesosClient.Reply shutdown = fw.send(fw.call(Call.Type.SHUTDOWN).build());
        assertThat(shutdown.status()).isEqualTo(400);
        assertThat(shutdown.body()).contains("LayerX runs no executors");
    }

    @Test
    void aSubscribeWithRolesButNoMultiRoleCapabilityGetsAnErrorEventAndNoFramework() throws Exception {
        Call c = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(MesosClient.info("roles-no-cap").toBuilder().addRoles("web"))).build();
        MesosClient.Reply r = fw.post("application/x-protobuf", c.toByteArray(), null); // the stream ends after the ERROR
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("'FrameworkInfo.roles' needs the MULTI_ROLE capability");
        assertThat(pool.api.frameworks()).noneMatch(f -> f.name().equals("roles-no-cap"));
    }

    @Test
    void aSubscribeWithAStreamIdIs400() throws Exception {
        Call c = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(MesosClient.info("x"))).build();
        MesosClient.Reply r = fw.post("application/x-protobuf", c.toByteArray(), fw.streamId);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Subscribe calls should not include the 'Mesos-Stream-Id' header");
    }

    @Test
    void acceptingAnUnknownOfferIsAcceptedAndTheTaskDropped() throws Exception {
        Offer any = Launches.firstOffer(fw);
        OfferID bogus = OfferID.newBuilder().setValue("no-such-offer").build();
        MesosClient.Reply r = fw.send(Launches.accept(fw, List.of(bogus), List.of(Launches.task("t-unknown", any, 0.1, 32, "true"))));
        assertThat(r.status()).isEqualTo(202);
        TaskStatus s = Launches.update(fw, "t-unknown", TaskState.TASK_DROPPED);
        assertThat(s.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(s.hasUuid()).as("the master's own updates need no acknowledgement").isFalse();
        assertThat(s.getAgentId()).isEqualTo(any.getAgentId());
    }

    @Test
    void acceptingARescindedOfferDropsTheTaskAndNothingIsPlaced() throws Exception {
        Offer offer = Launches.firstOffer(fw);
        String node = offer.getAgentId().getValue();
        // LayerX's own job takes most of the node: the offer's room is gone, so the master withdraws it
        TaskSpec spec = new TaskSpec("exec", List.of("sleep", "1000"), null, Map.of(), new Resources(3500, 512, 0), List.of(), null);
        pool.cp().submitJob(new Job("filler", JobType.SERVICE, 1, Strategy.SPREAD, Job.DEFAULT_PRIORITY, Map.of(),
                List.of(new Constraint("node.name", Constraint.Operator.EQ, List.of(node))), spec, 0, false, 0, null, null));
        fw.await(e -> e.getType() == Event.Type.RESCIND && e.getRescind().getOfferId().equals(offer.getId()));
        MesosClient.Reply r = fw.send(Launches.accept(fw, List.of(offer.getId()), List.of(Launches.task("t-rescinded", offer, 2, 256, "true"))));
        assertThat(r.status()).isEqualTo(202);
        assertThat(Launches.update(fw, "t-rescinded", TaskState.TASK_DROPPED).getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(pool.cp().jobs()).noneMatch(j -> "t-rescinded".equals(j.job().labels().get(TaskMapping.TASK_LABEL)));
        pool.cp().deleteJob("filler");
    }
}
