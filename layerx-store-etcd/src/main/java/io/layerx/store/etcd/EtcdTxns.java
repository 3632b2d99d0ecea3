package io.layerx.store.etcd;

import static io.layerx.store.etcd.EtcdStore.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.layerx.store.Compare;
import io.layerx.store.Op;
import io.layerx.store.Txn;
import io.layerx.store.TxnResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store {@link Txn} as one etcd transaction: {@code If} every compare on mod revision holds, {@code Then} the ops,
 * {@code Else} read the compared keys (keys only), so that the failed compares are known from the same revision.
 */
final class EtcdTxns {

    private static final GetOption KEYS_ONLY = GetOption.builder().withKeysOnly(true).build();

    private final KV kv;
    private final EtcdCalls calls;

    EtcdTxns(KV kv, EtcdCalls calls) {
        this.kv = kv;
        this.calls = calls;
    }

    TxnResult commit(Txn txn) {
        check(txn);
        List<String> compared = new ArrayList<>(new LinkedHashSet<>(txn.compares().stream().map(Compare::key).toList()));
        Cmp[] cmps = txn.compares().stream()
                .map(c -> new Cmp(bytes(c.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(c.modRevision())))
                .toArray(Cmp[]::new);
        io.etcd.jetcd.op.Op[] then = txn.ops().stream().map(EtcdTxns::op).toArray(io.etcd.jetcd.op.Op[]::new);
        io.etcd.jetcd.op.Op[] otherwise = compared.stream().map(k -> io.etcd.jetcd.op.Op.get(bytes(k), KEYS_ONLY))
                .toArray(io.etcd.jetcd.op.Op[]::new);
        TxnResponse r = calls.await(kv.txn().If(cmps).Then(then).Else(otherwise).commit(),
                "commit a transaction of " + txn.ops().size() + " writes");
        long revision = r.getHeader().getRevision();
        if (r.isSucceeded()) return new TxnResult(true, revision, List.of());
        return new TxnResult(false, revision, failed(txn.compares(), compared, r.getGetResponses()));
    }

    private static List<String> failed(List<Compare> compares, List<String> keys, List<GetResponse> reads) {
        Map<String, Long> current = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            GetResponse read = reads.get(i);
            current.put(keys.get(i), read.getKvs().isEmpty() ? 0L : read.getKvs().getFirst().getModRevision());
        }
        Set<String> failed = new LinkedHashSet<>();
        for (Compare c : compares) {
            if (current.get(c.key()) != c.modRevision()) failed.add(c.key());
        }
        return List.copyOf(failed);
    }

    private static io.etcd.jetcd.op.Op op(Op op) {
        ByteSequence key = bytes(op.key());
        return switch (op) {
            case Op.Put(String k, byte[] value) -> io.etcd.jetcd.op.Op.put(key, ByteSequence.from(value), PutOption.DEFAULT);
            case Op.Delete(String k) -> io.etcd.jetcd.op.Op.delete(key, DeleteOption.DEFAULT);
        };
    }

    private static void check(Txn txn) {
        Set<String> seen = new HashSet<>();
        for (Compare c : txn.compares()) EtcdStore.checkKey(c.key());
        for (Op op : txn.ops()) {
            EtcdStore.checkKey(op.key());
            if (!seen.add(op.key())) throw new IllegalArgumentException("key " + op.key() + " appears in two ops");
            if (op instanceof Op.Put p && p.value() == null) {
                throw new IllegalArgumentException("the put of " + op.key() + " has no value");
            }
        }
    }
}
