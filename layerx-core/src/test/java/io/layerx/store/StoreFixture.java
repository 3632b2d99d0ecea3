package io.layerx.store;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store conformance suites share: the two hooks a store implementation provides, the stores opened in a
 * test (all closed after it), and small helpers. Written against {@link Store} only.
 */
public abstract class StoreFixture {

    private final List<Store> opened = new ArrayList<>();

    /** The store of the current test, fresh and empty. */
    protected Store store;

    /** A fresh, empty store. */
    protected abstract Store openStore();

    /**
     * Opens the data of {@code closed} again, as a restarted server would. The suite closes {@code closed} first.
     */
    protected abstract Store reopen(Store closed);

    @BeforeEach
    final void openTheStore() {
        store = track(openStore());
    }

    @AfterEach
    final void closeTheStores() {
        RuntimeException failure = null;
        for (Store s : opened.reversed()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes {@code s}, reopens its data and makes the result the store of the test. */
    protected final Store closeAndReopen(Store s) {
        opened.remove(s);
        s.close();
        store = track(reopen(s));
        return store;
    }

    private Store track(Store s) {
        opened.add(s);
        return s;
    }

    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5));
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    protected static String text(KeyValue kv) {
        return text(kv.value());
    }

    /** Puts one key unconditionally and returns the revision it was committed at. */
    protected final long put(String key, String value) {
        TxnResult result = store.commit(Txn.builder().put(key, bytes(value)).build());
        if (!result.succeeded()) {
            throw new IllegalStateException("an unconditional put failed: " + result);
        }
        return result.revision();
    }

    /** Deletes one key unconditionally and returns the store revision after the txn. */
    protected final long delete(String key) {
        return store.commit(Txn.builder().delete(key).build()).revision();
    }

    protected final KeyValue get(String key) {
        return store.get(key).orElseThrow(() -> new AssertionError("missing key " + key));
    }
}
