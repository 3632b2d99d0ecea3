package io.layerx.store;

import java.util.List;

/**
 * The outcome of a transaction.
 *
 * @param revision       the revision the writes were committed at, or the store's current revision if it failed
 * @param failedCompares the keys whose compare did not hold (empty when it succeeded)
 */
public record TxnResult(boolean succeeded, long revision, List<String> failedCompares) {
    public TxnResult {
        failedCompares = List.copyOf(failedCompares);
    }
}
