package io.layerx.provider.task.mesos;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer.Operation;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/scheduler}: decodes and checks a call as a Mesos master does (docs/scheduler-http-api.md),
 * answers SUBSCRIBE with the RecordIO event stream on this request's thread, and every other call with
 * {@code 202 Accepted} once it is taken in; what follows comes as events.
 */
final class SchedulerCalls {
    static final String STREAM_ID = "Mesos-Stream-Id";
    /** Mesos' default of Filters.refuse_seconds. */
    private static final Duration DEFAULT_REFUSE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SchedulerCalls.class);

    private final MesosMaster master;
    private final Launcher launcher;

    SchedulerCalls(MesosMaster master, Launcher launcher) {
        this.master = master;
        this.launcher = launcher;
    }

    void handle(Context ctx) throws Exception {
        Wire in = Wire.ofContentType(ctx.contentType());
        Call call = in.decode(ctx.bodyAsBytes());
        if (call.getType() == Call.Type.UNKNOWN) throw invalid("Expecting 'type' to be present");
        if (call.getType() == Call.Type.SUBSCRIBE) {
            subscribe(ctx, call, Wire.ofAccept(ctx.header("Accept"), in));
            return;
        }
        String framework = checkStream(ctx, call);
        try {
            act(framework, call);
        } finally {
            master.save();
        }
        ctx.status(202);
    }

    private void act(String framework, Call call) throws InterruptedException {
        switch (call.getType()) {
            case ACCEPT -> accept(framework, present(call.hasAccept(), "accept", call.getAccept()));
            case DECLINE -> decline(framework, present(call.hasDecline(), "decline", call.getDecline()));
            case REVIVE -> master.offers().suppress(framework, false);
            case SUPPRESS -> master.offers().suppress(framework, true);
            case KILL -> kill(framework, present(call.hasKill(), "kill", call.getKill()));
            case ACKNOWLEDGE -> acknowledge(framework, present(call.hasAcknowledge(), "acknowledge", call.getAcknowledge()));
            case RECONCILE -> master.updates().reconcile(framework, present(call.hasReconcile(), "reconcile", call.getReconcile())
                    .getTasksList().stream().map(t -> t.getTaskId().getValue()).toList());
            case TEARDOWN -> launcher.forget(master.teardown(framework));
            case REQUEST -> log.debug("framework {} sent REQUEST, which Mesos ignores too", framework);
            case SHUTDOWN, MESSAGE -> throw invalid("LayerX runs no executors, so " + call.getType()
                    + " has nothing to act on: tasks are commands or containers run by LayerX's nodes");
            default -> throw invalid("LayerX does not serve " + call.getType() + " calls (it serves SUBSCRIBE, ACCEPT, "
                    + "DECLINE, REVIVE, SUPPRESS, KILL, ACKNOWLEDGE, RECONCILE, TEARDOWN, REQUEST)");
        }
    }

    private static <T> T present(boolean has, String field, T value) {
        if (!has) throw invalid("Expecting '" + field + "' to be present");
        return value;
    }

    static CallError invalid(String why) {
        return CallError.badRequest("Failed to validate scheduler::Call: " + why);
    }

    /** The framework of a non-SUBSCRIBE call, once its stream id is the one its subscription has. */
    private String checkStream(Context ctx, Call call) {
        if (!call.hasFrameworkId()) throw invalid("Expecting 'framework_id' to be present");
        String stream = ctx.header(STREAM_ID);
        if (stream == null || stream.isBlank()) {
            throw CallError.badRequest("All non-subscribe calls should include the '" + STREAM_ID + "' header");
        }
        String framework = call.getFrameworkId().getValue();
        String current = master.streamOf(framework).orElseThrow(() -> CallError.forbidden("Framework is not subscribed"));
        if (!current.equals(stream.strip())) {
            throw CallError.badRequest("The stream ID '" + stream + "' included in this request didn't match the stream "
                    + "ID currently associated with framework ID " + framework);
        }
        return framework;
    }

    private void subscribe(Context ctx, Call call, Wire out) throws IOException {
        if (ctx.header(STREAM_ID) != null) {
            throw CallError.badRequest("Subscribe calls should not include the '" + STREAM_ID + "' header");
        }
        Call.Subscribe s = present(call.hasSubscribe(), "subscribe", call.getSubscribe());
        if (!s.hasFrameworkInfo()) throw invalid("Expecting 'framework_info' to be present");
        var info = s.getFrameworkInfo();
        if (call.hasFrameworkId() && !(info.hasId() && info.getId().equals(call.getFrameworkId()))) {
            throw invalid("'framework_id' differs from 'subscribe.framework_info.framework_id'");
        }
        if (info.getUser().isEmpty() || info.getName().isEmpty()) throw invalid("Expecting 'framework_info.user' and 'framework_info.name'");
        Subscriber subscriber = new Subscriber(UUID.randomUUID().toString());
        List<String> roleProblems = Framework.roleProblems(info);
        if (!roleProblems.isEmpty()) { // as a Mesos master: an ERROR event, and the stream ends
            subscriber.send(Events.error(String.join("; ", roleProblems)));
            subscriber.close();
            stream(ctx, subscriber, out, info.getName());
            return;
        }
        String id = master.subscribe(info, subscriber);
        try {
            master.save(); // kept before the framework hears SUBSCRIBED
        } catch (RuntimeException e) {
            subscriber.close();
            master.disconnected(subscriber);
            throw e;
        }
        log.info("framework {} ({}) subscribed", id, info.getName());
        stream(ctx, subscriber, out, id);
    }

    /** Writes the subscriber's events as the response's RecordIO body until the stream ends. */
    private void stream(Context ctx, Subscriber subscriber, Wire out, String id) {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType(out.mediaType);
        res.setHeader(STREAM_ID, subscriber.streamId);
        res.setHeader("Cache-Control", "no-cache");
        try (OutputStream os = res.getOutputStream()) {
            os.flush();
            while (true) {
                Optional<Event> e = subscriber.next(master.settings.heartbeat());
                if (e.isEmpty()) break;
                Event ev = e.get().getType() == Event.Type.UNKNOWN ? Event.newBuilder().setType(Event.Type.HEARTBEAT).build() : e.get();
                os.write(out.record(ev));
                os.flush();
            }
        } catch (IOException | InterruptedException e) {
            log.info("the stream of framework {} ended: {}", id, e.toString());
        } finally {
            subscriber.close();
            master.disconnected(subscriber);
            try {
                master.save();
            } catch (RuntimeException e) { // what was not saved stays marked, and the next offer round saves it
                log.warn("saving framework {} after its stream ended failed: {}", id, e.toString());
            }
        }
    }

    private void accept(String framework, Call.Accept a) throws InterruptedException {
        List<TaskInfo> tasks = new ArrayList<>();
        for (Operation op : a.getOperationsList()) {
            switch (op.getType()) {
                case LAUNCH -> tasks.addAll(op.getLaunch().getTaskInfosList());
                case LAUNCH_GROUP -> tasks.addAll(op.getLaunchGroup().getTaskGroup().getTasksList());
                default -> throw invalid("LayerX accepts LAUNCH and LAUNCH_GROUP operations only, not " + op.getType());
            }
        }
        List<String> ids = a.getOfferIdsList().stream().map(OfferID::getValue).toList();
        if (ids.isEmpty()) throw invalid("Expecting 'accept.offer_ids' to have at least one offer");
        Optional<OfferBook.Offer> offer = master.offers().take(framework, ids, refuse(a.hasFilters(), a.getFilters()));
        TaskState dropped = master.updates().neverRan(framework, false);
        if (offer.isEmpty()) {
            for (TaskInfo t : tasks) {
                String agent = t.getAgentId().getValue().isEmpty() ? null : t.getAgentId().getValue();
                master.updates().masterUpdate(framework, t.getTaskId().getValue(), agent, dropped, TaskStatus.Reason.REASON_INVALID_OFFERS,
                        "Task launched with invalid offers: an offer of " + ids + " is unknown, rescinded, used or another framework's");
            }
            return;
        }
        OfferBook.Offer o = offer.get();
        io.layerx.model.Resources asked = io.layerx.model.Resources.ZERO;
        for (TaskInfo t : tasks) {
            String tid = t.getTaskId().getValue();
            List<String> problems = TaskMapping.problems(t);
            asked = asked.plus(TaskMapping.resources(t.getResourcesList()));
            if (!t.getAgentId().getValue().equals(o.node())) problems.add("agent_id " + t.getAgentId().getValue() + " is not the offer's agent " + o.node());
            if (!o.room().fits(asked)) problems.add("the tasks use more resources than offered (" + o.room() + ")");
            if (!problems.isEmpty()) {
                master.updates().masterUpdate(framework, tid, o.node(), TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
                        String.join("; ", problems));
                continue;
            }
            launcher.launch(framework, t, o.node());
        }
    }

    private void decline(String framework, Call.Decline d) {
        master.offers().take(framework, d.getOfferIdsList().stream().map(OfferID::getValue).toList(), refuse(d.hasFilters(), d.getFilters()));
    }

    private static Duration refuse(boolean has, Filters f) {
        if (!has || !f.hasRefuseSeconds()) return DEFAULT_REFUSE;
        double s = Math.max(0, f.getRefuseSeconds());
        return Duration.ofMillis((long) Math.min(s * 1000, Duration.ofDays(365).toMillis()));
    }

    private void kill(String framework, Call.Kill k) {
        String tid = k.getTaskId().getValue();
        if (!launcher.kill(framework, tid)) {
            master.updates().masterUpdate(framework, tid, k.hasAgentId() ? k.getAgentId().getValue() : null, master.updates().neverRan(framework, true), TaskStatus.Reason.REASON_RECONCILIATION,
                    "Attempted to kill an unknown task");
        }
    }

    private void acknowledge(String framework, Call.Acknowledge a) {
        master.updates().acknowledge(framework, a.getTaskId().getValue(), a.getUuid()).ifPresent(job -> launcher.forget(List.of(job)));
    }
}
