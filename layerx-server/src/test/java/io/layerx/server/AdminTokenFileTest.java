package io.layerx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.store.embedded.EmbeddedStore;
import io.layerx.web.auth.Principal;
import io.layerx.web.auth.Role;
import io.layerx.web.auth.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenFileTest {
    @TempDir
    Path dir;

    @Test
    void firstStartWritesAnOwnerOnlyFileWithAWorkingToken() throws IOException {
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store"))) {
            Tokens tokens = new Tokens(store, InstantSource.system());
            Path file = AdminTokenFile.ensure(tokens, dir.resolve(AdminTokenFile.NAME));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String token = Files.readString(file).strip();
            assertThat(tokens.verify(token)).contains(new Principal(Role.ADMIN, "admin"));
            assertThat(dir.resolve(AdminTokenFile.NAME + ".tmp")).doesNotExist();
        }
    }

    @Test
    void laterStartsKeepTheToken() throws IOException {
        Path file = dir.resolve(AdminTokenFile.NAME);
        String first;
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store"))) {
            first = Files.readString(AdminTokenFile.ensure(new Tokens(store, InstantSource.system()), file));
        }
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store"))) {
            Tokens tokens = new Tokens(store, InstantSource.system());
            assertThat(Files.readString(AdminTokenFile.ensure(tokens, file))).isEqualTo(first);
            assertThat(store.list(Tokens.PREFIX).items()).hasSize(1);
        }
    }

    @Test
    void aTokenFileWhoseStoreWasWipedIsRegisteredAgain() throws IOException {
        Path file = dir.resolve(AdminTokenFile.NAME);
        Files.writeString(file, "kept-from-before\n");
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store"))) {
            Tokens tokens = new Tokens(store, InstantSource.system());
            AdminTokenFile.ensure(tokens, file);
            assertThat(tokens.verify("kept-from-before")).contains(new Principal(Role.ADMIN, "admin"));
        }
    }

    @Test
    void anEmptyTokenFileIsReplaced() throws IOException {
        Path file = dir.resolve(AdminTokenFile.NAME);
        Files.writeString(file, "  \n");
        try (EmbeddedStore store = EmbeddedStore.open(dir.resolve("store"))) {
            Tokens tokens = new Tokens(store, InstantSource.system());
            AdminTokenFile.ensure(tokens, file);
            assertThat(tokens.verify(Files.readString(file))).isPresent();
        }
    }
}
