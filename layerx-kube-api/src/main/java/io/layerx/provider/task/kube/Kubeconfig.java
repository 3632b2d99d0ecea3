package io.layerx.provider.task.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The {@code kubeconfig} of the data folder: one cluster ({@code layerx}, the Kubernetes API's address and its
 * self-signed certificate as the CA), one user
 * with the admin token, one current context; mode 600, as it holds the token. Written again at every start.
 */
public final class Kubeconfig {
    public static final String NAME = "kubeconfig";

    private Kubeconfig() {
    }

    /** Writes {@code file} for the API at {@code server} (https) with {@code tls}'s certificate and {@code token}. */
    public static Path write(Path file, URI server, String token, KubeTls tls) {
        String caData = tls.pemBase64();
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: layerx
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: layerx-admin
                  user:
                    token: %s
                contexts:
                - name: layerx
                  context:
                    cluster: layerx
                    user: layerx-admin
                    namespace: default
                current-context: layerx
                """.formatted(server, caData, token);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
