package io.layerx.provider.task.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeTlsTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsMadeOnceKeptForItsOwnerAndNamesTheListenHost() throws Exception {
        Path file = dir.resolve("kube-api.p12");
        KubeTls first = KubeTls.loadOrCreate(file, "10.1.2.3");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.certificate().getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1)))
                .contains("127.0.0.1", "localhost", "10.1.2.3");
        KubeTls again = KubeTls.loadOrCreate(file, "10.1.2.3");
        assertThat(again.certificate()).isEqualTo(first.certificate());
        KubeTls otherHost = KubeTls.loadOrCreate(file, "10.9.9.9");
        assertThat(otherHost.certificate()).isNotEqualTo(first.certificate());
        String pem = new String(Base64.getDecoder().decode(otherHost.pemBase64()));
        assertThat(pem.lines().toList()).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----");
        assertThat(List.of(pem.split("\n"))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
    }
}
