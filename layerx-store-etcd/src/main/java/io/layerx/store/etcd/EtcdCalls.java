package io.layerx.store.etcd;

import io.layerx.model.LayerXException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for jetcd's futures with a deadline and words their failures for people. */
final class EtcdCalls {

    private final Duration timeout;
    private final String where;

    /** @param where the endpoints, for messages */
    EtcdCalls(Duration timeout, String where) {
        this.timeout = timeout;
        this.where = where;
    }

    /**
     * The future's value.
     *
     * @throws LayerXException.Unavailable when etcd failed, refused or did not answer in time
     */
    <T> T await(CompletableFuture<T> call, String what) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new LayerXException.Unavailable("etcd at " + where + " did not answer within " + timeout.toSeconds()
                    + " s to " + what, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause() == null ? e : e.getCause(), what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerXException.Unavailable("interrupted while waiting for etcd to " + what, e);
        }
    }

    private LayerXException.Unavailable translate(Throwable cause, String what) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("too many operations in txn request")) {
            return new LayerXException.Unavailable("etcd refused to " + what + ": too many operations in one"
                    + " transaction; start etcd with --max-txn-ops 10000 (LayerX commits up to 5,000 records at"
                    + " once)", cause);
        }
        if (message.contains("request is too large")) {
            return new LayerXException.Unavailable("etcd refused to " + what + ": the request is too large; start"
                    + " etcd with --max-request-bytes 33554432", cause);
        }
        return new LayerXException.Unavailable("etcd at " + where + " failed to " + what + ": " + message, cause);
    }

    /** True when {@code e} (from {@link #await}) is etcd saying {@code text}. */
    static boolean says(RuntimeException e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) return true;
        }
        return false;
    }
}
