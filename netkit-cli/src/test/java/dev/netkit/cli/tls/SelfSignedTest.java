package dev.netkit.cli.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.KeyMaterial;
import dev.netkit.tls.ServerTls;
import dev.netkit.tls.TlsErrors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class SelfSignedTest {

    @Test
    void aLocalhostCertificateNamesTheLoopbackAddressesToo() throws Exception {
        SelfSigned generated = SelfSigned.forLocalhost();
        assertThat(generated.certificate().getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(generated.certificate().getNotAfter().toInstant())
                .isAfter(java.time.Instant.now().plus(Duration.ofDays(364)));
        assertThat(generated.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void writtenFilesLoadAndOpensslAgreesOnTheFingerprint(@TempDir Path dir) throws Exception {
        SelfSigned generated = SelfSigned.generate("dev.example", Duration.ofDays(7));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        generated.writePem(cert, key);

        KeyMaterial loaded = KeyMaterial.fromPem(cert, key);
        assertThat(loaded.certificate()).isEqualTo(generated.certificate());
        assertThat(Files.getPosixFilePermissions(key)).hasSize(2);

        Process openssl = new ProcessBuilder("openssl", "x509", "-in", cert.toString(), "-noout", "-fingerprint", "-sha256")
                .redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String printed = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(printed).endsWith("=" + generated.sha256Fingerprint());
    }

    @Test
    void aServerWithAGeneratedCertificateIsVerifiedByAClientTrustingIt(@TempDir Path dir) throws Exception {
        SelfSigned generated = SelfSigned.forLocalhost();
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, generated.certificatePem());
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(ServerTls.builder(generated.keyMaterial()).build())
                .handler(c -> c.input().transferTo(c.output()))
                .start()) {
            try (Connection conn = Client.connect(server.endpoint(), ClientTls.builder().trust(cert).build())) {
                conn.send("ping");
                assertThat(new String(conn.input().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            }
            Throwable untrusted = catchThrowable(() -> Client.connect(server.endpoint(), ClientTls.systemDefault()));
            assertThat(TlsErrors.reason(untrusted)).isEqualTo(TlsErrors.Reason.UNTRUSTED_ISSUER);
        }
        assertThat(List.of(generated.sha256Fingerprint().split(":"))).hasSize(32);
    }
}
