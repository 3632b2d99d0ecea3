package io.layerx.model;

/**
 * How a service job moves to a new version of its tasks: a rolling update, start before stop. At most
 * {@code maxParallel} of its running tasks are being replaced at once; each is stopped only once its replacement of
 * the new version runs, so the job never has fewer running tasks than before the update (Nomad's
 * {@code update.max_parallel}, Kubernetes' {@code maxSurge} with {@code maxUnavailable: 0}).
 */
public record UpdatePolicy(int maxParallel) {

    public static final UpdatePolicy DEFAULT = new UpdatePolicy(1);
    public static final int MAX_PARALLEL = 1000;
}
