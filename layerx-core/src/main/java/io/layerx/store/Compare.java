package io.layerx.store;

/**
 * A transaction guard: the key's mod revision must equal {@code modRevision}; {@code 0} means the key must not exist.
 */
public record Compare(String key, long modRevision) {
    public static Compare absent(String key) {
        return new Compare(key, 0);
    }

    public static Compare at(String key, long modRevision) {
        return new Compare(key, modRevision);
    }
}
