package io.layerx.provider.task.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The Kubernetes API's TLS identity: kubectl sends a bearer token only over TLS, so the API is HTTPS with a
 * self-signed certificate (EC P-256, for the listen host, {@code 127.0.0.1} and {@code localhost}) kept in a
 * PKCS#12 file of the data folder (mode 600) and made on first start. The kubeconfig names it as the CA.
 *
 * @param password the key store's password (random, kept beside it in the same file's {@code .pass} twin)
 */
public record KubeTls(KeyStore keyStore, String password, X509Certificate certificate) {

    private static final String ALIAS = "layerx-kube-api";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** Loads {@code file} (and {@code file.pass}), or makes both when missing or not valid for {@code host}. */
    public static KubeTls loadOrCreate(Path file, String host) {
        Path pass = file.resolveSibling(file.getFileName() + ".pass");
        try {
            if (Files.exists(file) && Files.exists(pass)) {
                KubeTls tls = load(file, Files.readString(pass).strip());
                if (tls.names().containsAll(names(host))) return tls;
            }
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            KubeTls tls = create(host, password);
            write(pass, out -> out.write(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            write(file, out -> tls.keyStore().store(out, password.toCharArray()));
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kubernetes API's key in " + file, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the Kubernetes API's key", e);
        }
    }

    /** The certificate in PEM, base64-encoded as kubeconfig's {@code certificate-authority-data} wants it. */
    public String pemBase64() {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KubeTls load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        Certificate c = ks.getCertificate(ALIAS);
        if (!(c instanceof X509Certificate x)) throw new GeneralSecurityException("no certificate " + ALIAS + " in " + file);
        return new KubeTls(ks, password, x);
    }

    private static KubeTls create(String host, String password) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=layerx-kube-api");
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        List<GeneralName> alt = new ArrayList<>();
        for (String n : names(host)) {
            alt.add(new GeneralName(isIp(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, pair.getPrivate(), password.toCharArray(), new Certificate[] {cert});
        return new KubeTls(ks, password, cert);
    }

    private Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().forEach(l -> out.add(String.valueOf(l.get(1))));
            }
        } catch (GeneralSecurityException e) {
            return Set.of();
        }
        return out;
    }

    private static Set<String> names(String host) {
        Set<String> out = new LinkedHashSet<>(List.of("127.0.0.1", "localhost"));
        if (host != null && !host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::")) out.add(host);
        return out;
    }

    private static boolean isIp(String n) {
        if (!n.matches("[0-9.]+") && !n.contains(":")) return false;
        try {
            InetAddress.getByName(n);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException, GeneralSecurityException;
    }

    private static void write(Path file, Writer writer) throws IOException, GeneralSecurityException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            writer.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
