package io.layerx.web.auth;

import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.Store;
import io.layerx.store.Txn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Bearer tokens, kept in the store by their SHA-256 (so a copy of the store reveals no token) under
 * {@code /tokens/<hex>} as {@link TokenRecord} JSON. Thread-safe.
 */
public final class Tokens {
    public static final String PREFIX = "/tokens/";
    private static final int TOKEN_BYTES = 32;

    private final Store store;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public Tokens(Store store, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The principal of a token, or empty if the token is unknown or revoked. */
    public Optional<Principal> verify(String bearer) {
        return record(bearer).filter(r -> r.revoked().isEmpty()).map(r -> new Principal(r.role(), r.name()));
    }

    /** Why a revoked token no longer verifies; empty if it is valid or unknown. */
    public Optional<String> revocation(String bearer) {
        return record(bearer).map(TokenRecord::revoked).filter(why -> !why.isEmpty());
    }

    private Optional<TokenRecord> record(String bearer) {
        if (bearer == null || bearer.isBlank()) return Optional.empty();
        return store.get(key(bearer.strip())).map(KeyValue::value).map(v -> Codec.decode(v, TokenRecord.class));
    }

    /**
     * Revokes the token whose SHA-256 (hex) is {@code hash}: it verifies no more, and whoever presents it is told
     * {@code why}. Unknown hashes are ignored.
     */
    public void revoke(String hash, String why) {
        String key = PREFIX + hash;
        for (int attempt = 0; attempt < 5; attempt++) {
            var kv = store.get(key);
            if (kv.isEmpty()) return;
            TokenRecord r = Codec.decode(kv.get().value(), TokenRecord.class);
            byte[] value = Codec.encode(r.withRevoked(why));
            if (store.commit(Txn.builder().expect(key, kv.get().modRevision()).put(key, value).build()).succeeded()) {
                return;
            }
        }
        throw new IllegalStateException("token " + hash + " kept changing while it was revoked");
    }

    /** Makes a new random token (32 bytes, URL-safe base64) for {@code role}; the caller must keep it. */
    public String create(Role role, String name) {
        String token = fresh();
        if (!register(token, role, name)) {
            throw new IllegalStateException("a fresh random token is already registered");
        }
        return token;
    }

    /** Registers a token made elsewhere; false if it is already registered (the record is left as it is). */
    public boolean register(String token, Role role, String name) {
        Objects.requireNonNull(role, "role");
        if (token == null || token.isBlank()) throw new IllegalArgumentException("token is empty");
        String key = key(token.strip());
        byte[] value = Codec.encode(new TokenRecord(role, name, clock.instant()));
        return store.commit(Txn.builder().expectAbsent(key).put(key, value).build()).succeeded();
    }

    /** A new random token (32 bytes, URL-safe base64), not registered yet. */
    public String fresh() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 (hex) a token is kept under. */
    public static String hash(String token) {
        return sha256Hex(token.strip());
    }

    static String key(String token) {
        return PREFIX + sha256Hex(token);
    }

    static String sha256Hex(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
