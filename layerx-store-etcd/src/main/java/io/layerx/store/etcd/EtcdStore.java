package io.layerx.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.layerx.model.LayerXException;
import io.layerx.store.KeyValue;
import io.layerx.store.Range;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import io.layerx.store.Watch;
import io.layerx.store.WatchListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The {@link Store} on etcd v3, through jetcd: every key of the store lives under {@link EtcdOptions#prefix()}.
 *
 * <p>Revisions are etcd's own: a key's create and mod revisions are etcd's, and the revision of a commit, a list or
 * the store is etcd's header revision, shared by everything in that etcd. A commit is one etcd transaction whose
 * compares are on mod revisions (0 = the key is absent); etcd answers after the Raft majority has the entry on disk.
 * When compares fail, the same transaction reads the compared keys, so the failed ones are known exactly. Lists read
 * pages of {@value #PAGE} keys, all at the revision of the first page. Watches: see {@link EtcdWatch}.
 *
 * <p>Store keys must start with {@code /}. etcd limits a transaction to {@code --max-txn-ops} operations (128 by
 * default) and a request to {@code --max-request-bytes} (1.5 MiB): LayerX needs etcd started with
 * {@code --max-txn-ops 10000 --max-request-bytes 33554432}; a refusal says so.
 */
public final class EtcdStore implements Store {

    static final int PAGE = 1000;
    private static final int MAX_INBOUND_BYTES = 512 << 20;
    /**
     * gRPC pings on an idle connection this often (etcd's default floor is 5 s) and gives a member this long to
     * answer: a member that hangs (paused, cut off) is dropped in seconds rather than at the next call's timeout.
     */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(5);
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(2);

    private final EtcdOptions options;
    private final Client client;
    private final EtcdCalls calls;
    private final EtcdTxns txns;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private EtcdStore(EtcdOptions options, Client client) {
        this.options = options;
        this.client = client;
        String where = options.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        this.calls = new EtcdCalls(options.requestTimeout(), where);
        this.txns = new EtcdTxns(client.getKVClient(), calls);
    }

    /**
     * Connects to etcd and checks that it answers.
     *
     * @throws LayerXException.Unavailable when no endpoint answers within the request timeout
     */
    public static EtcdStore open(EtcdOptions options) {
        Objects.requireNonNull(options, "options");
        Client client = Client.builder()
                .endpoints(options.endpoints())
                .namespace(bytes(options.prefix()))
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                .connectTimeout(options.requestTimeout())
                .keepaliveTime(KEEPALIVE_TIME)
                .keepaliveTimeout(KEEPALIVE_TIMEOUT)
                .build();
        EtcdStore store = new EtcdStore(options, client);
        try {
            store.revision();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public EtcdOptions options() {
        return options;
    }

    /** The jetcd client, for the leader election on the same connection and prefix. */
    Client client() {
        return client;
    }

    EtcdCalls calls() {
        return calls;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkKey(key);
        GetResponse r = calls.await(client.getKVClient().get(bytes(key)), "read " + key);
        return r.getKvs().stream().findFirst().map(EtcdStore::keyValue);
    }

    @Override
    public Range list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        String from = prefix.isEmpty() ? "/" : prefix;
        if (!from.startsWith("/")) return new Range(List.of(), revision());
        ByteSequence end = rangeEnd(from);
        List<KeyValue> items = new ArrayList<>();
        ByteSequence next = bytes(from);
        long revision = 0;
        while (true) {
            GetOption.Builder page = GetOption.builder().withRange(end).withLimit(PAGE);
            if (revision > 0) page.withRevision(revision);
            GetResponse r = calls.await(client.getKVClient().get(next, page.build()), "list " + from);
            if (revision == 0) revision = r.getHeader().getRevision();
            r.getKvs().forEach(kv -> items.add(keyValue(kv)));
            if (!r.isMore() || r.getKvs().isEmpty()) return new Range(items, revision);
            next = r.getKvs().getLast().getKey().concat(ByteSequence.from(new byte[] {0}));
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a key does not start with {@code /}, appears in two ops, or a put has no
     *                                  value
     */
    @Override
    public TxnResult commit(Txn txn) {
        return txns.commit(txn);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) throw new LayerXException.Unavailable("cannot watch: the etcd store is closed", null);
        String from = prefix.isEmpty() ? "/" : prefix;
        long start = fromRevision > 0 ? fromRevision : revision() + 1;
        EtcdWatch watch = new EtcdWatch(client.getWatchClient(), from, rangeEnd(from), start, listener, watches::remove);
        watches.add(watch);
        watch.start();
        return watch;
    }

    @Override
    public long revision() {
        GetOption countOnly = GetOption.builder().withCountOnly(true).build();
        return calls.await(client.getKVClient().get(bytes("/"), countOnly), "read the revision").getHeader()
                .getRevision();
    }

    /**
     * {@inheritDoc} Revision {@code revision} itself stays whole: etcd is compacted to {@code revision - 1}, and a
     * watch from etcd's compact revision itself counts as compacted (etcd keeps no deletes of that revision).
     * Compacting to a revision already compacted does nothing.
     *
     * @throws IllegalArgumentException when {@code revision} is newer than the newest commit
     */
    @Override
    public void compact(long revision) {
        if (revision <= 1) return;
        try {
            calls.await(client.getKVClient().compact(revision - 1), "compact to revision " + revision);
        } catch (LayerXException.Unavailable e) {
            if (EtcdCalls.says(e, "required revision has been compacted")) return;
            if (EtcdCalls.says(e, "future revision")) {
                throw new IllegalArgumentException("cannot compact to revision " + revision
                        + ": the newest revision is " + revision(), e);
            }
            throw e;
        }
    }

    /** Stops every watch (without calling their listeners) and closes the connection. Closing twice does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            List.copyOf(watches).forEach(EtcdWatch::close);
            client.close();
        }
    }

    static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (!key.startsWith("/")) throw new IllegalArgumentException("store keys start with '/': '" + key + "'");
    }

    static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static KeyValue keyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(text(kv.getKey()), kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision(),
                kv.getVersion());
    }

    /** The first key after every key that starts with {@code prefix}, byte-wise as etcd orders keys. */
    static ByteSequence rangeEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteSequence.from(java.util.Arrays.copyOf(end, i + 1));
            }
        }
        throw new IllegalArgumentException("no key follows every key under '" + prefix + "'");
    }
}
