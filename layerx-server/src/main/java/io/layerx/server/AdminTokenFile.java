package io.layerx.server;

import io.layerx.web.auth.Role;
import io.layerx.web.auth.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code admin-token} file of the data folder: the admin bearer token, readable by its owner only (mode 600).
 * Made with a new token on first start; on later starts the token in it is used again.
 */
final class AdminTokenFile {
    static final String NAME = "admin-token";
    static final String TOKEN_NAME = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminTokenFile() {
    }

    /** Makes sure {@code file} holds an admin token that {@code tokens} knows; returns the file. */
    static Path ensure(Tokens tokens, Path file) {
        String existing = read(file);
        if (existing.isEmpty()) {
            write(file, tokens.create(Role.ADMIN, TOKEN_NAME));
            LOG.info("created the admin token in {}", file);
        } else if (tokens.verify(existing).isEmpty()) {
            // the file outlived its store (e.g. the store was wiped): keep the token the user already has
            tokens.register(existing, Role.ADMIN, TOKEN_NAME);
            LOG.warn("the admin token in {} was not in the store; registered it again", file);
        }
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String token) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, token + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
