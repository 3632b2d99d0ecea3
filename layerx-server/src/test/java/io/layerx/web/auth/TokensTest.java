package io.layerx.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.store.Codec;
import io.layerx.store.KeyValue;
import io.layerx.store.embedded.EmbeddedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;
    private EmbeddedStore store;
    private Tokens tokens;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir.resolve("store"));
        tokens = new Tokens(store, InstantSource.fixed(NOW));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCreatedTokenVerifiesAsItsPrincipal() {
        String token = tokens.create(Role.ADMIN, "admin");
        assertThat(tokens.verify(token)).contains(new Principal(Role.ADMIN, "admin"));
        assertThat(tokens.verify(" " + token + " ")).as("surrounding blanks").isPresent();
    }

    @Test
    void tokensAre32RandomBytesInUrlSafeBase64() {
        String a = tokens.create(Role.AGENT, "a");
        String b = tokens.create(Role.AGENT, "b");
        assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
    }

    @Test
    void unknownAndEmptyTokensDoNotVerify() {
        tokens.create(Role.ADMIN, "admin");
        assertThat(tokens.verify("not-a-token")).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }

    @Test
    void theStoreKeepsOnlyTheHashUnderTokensPrefix() {
        String token = tokens.create(Role.AGENT, "node-7");
        var items = store.list(Tokens.PREFIX).items();
        assertThat(items).singleElement().extracting(KeyValue::key)
                .isEqualTo(Tokens.PREFIX + Tokens.sha256Hex(token));
        assertThat(Tokens.sha256Hex(token)).matches("[0-9a-f]{64}");
        String json = new String(items.getFirst().value(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain(token).contains("\"role\":\"agent\"");
        assertThat(Codec.decode(items.getFirst().value(), TokenRecord.class))
                .isEqualTo(new TokenRecord(Role.AGENT, "node-7", NOW));
    }

    @Test
    void aRevokedTokenNoLongerVerifiesAndSaysWhy() {
        String token = tokens.create(Role.NODE, "vm");
        String other = tokens.create(Role.NODE, "vm2");
        tokens.revoke(Tokens.hash(token), "replaced: join again");
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(tokens.revocation(token)).contains("replaced: join again");
        assertThat(tokens.verify(other)).isPresent();
        assertThat(tokens.revocation(other)).isEmpty();
        assertThat(tokens.revocation("unknown")).isEmpty();
    }

    @Test
    void registeringAKnownTokenAgainChangesNothing() {
        String token = tokens.create(Role.AGENT, "first");
        assertThat(tokens.register(token, Role.ADMIN, "second")).isFalse();
        assertThat(tokens.verify(token)).contains(new Principal(Role.AGENT, "first"));
    }

    @Test
    void tokensSurviveARestart() {
        String token = tokens.create(Role.ADMIN, "admin");
        store.close();
        store = EmbeddedStore.open(dir.resolve("store"));
        assertThat(new Tokens(store, InstantSource.system()).verify(token)).isPresent();
    }
}
