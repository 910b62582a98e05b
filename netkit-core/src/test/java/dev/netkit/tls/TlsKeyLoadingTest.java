package dev.netkit.tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsKeyLoadingTest {

    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestPki.create(dir);
        OpenSsl.run(dir, "ec", "-in", "server-key.pem", "-out", "server-key-sec1.pem");
        OpenSsl.run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa-key.pem",
                "-out", "rsa-cert.pem", "-days", "30", "-subj", "/CN=localhost");
        OpenSsl.run(dir, "rsa", "-in", "rsa-key.pem", "-traditional", "-out", "rsa-key-pkcs1.pem");
        OpenSsl.run(dir, "req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", "ed-key.pem",
                "-out", "ed-cert.pem", "-days", "30", "-subj", "/CN=localhost");
        OpenSsl.run(dir, "pkey", "-in", "server-key.pem", "-aes256", "-passout", "pass:secret", "-out", "encrypted-key.pem");
        OpenSsl.run(dir, "rsa", "-in", "rsa-key.pem", "-traditional", "-aes256", "-passout", "pass:secret",
                "-out", "rsa-encrypted-key.pem");
        OpenSsl.run(dir, "pkcs12", "-export", "-in", "server-cert.pem", "-inkey", "server-key.pem",
                "-certfile", "ca-cert.pem", "-out", "server.p12", "-passout", "pass:secret");
        Files.writeString(dir.resolve("chain.pem"),
                Files.readString(dir.resolve("server-cert.pem")) + Files.readString(dir.resolve("ca-cert.pem")));
    }

    @Test
    void readsEveryKeyFormatOpensslWrites() {
        assertThat(KeyMaterial.fromPem(pki.file("server-cert.pem"), pki.file("server-key.pem")).privateKey().getAlgorithm())
                .as("PKCS#8 EC").isEqualTo("EC");
        assertThat(KeyMaterial.fromPem(pki.file("server-cert.pem"), pki.file("server-key-sec1.pem")).privateKey().getAlgorithm())
                .as("SEC1 EC").isEqualTo("EC");
        assertThat(KeyMaterial.fromPem(pki.file("rsa-cert.pem"), pki.file("rsa-key.pem")).privateKey().getAlgorithm())
                .as("PKCS#8 RSA").isEqualTo("RSA");
        assertThat(KeyMaterial.fromPem(pki.file("rsa-cert.pem"), pki.file("rsa-key-pkcs1.pem")).privateKey().getAlgorithm())
                .as("PKCS#1 RSA").isEqualTo("RSA");
        assertThat(KeyMaterial.fromPem(pki.file("ed-cert.pem"), pki.file("ed-key.pem")).privateKey().getAlgorithm())
                .as("PKCS#8 Ed25519").isIn("EdDSA", "Ed25519");
    }

    @Test
    void readsAWholeChainAndPkcs12() {
        KeyMaterial chain = KeyMaterial.fromPem(pki.file("chain.pem"), pki.file("server-key.pem"));
        assertThat(chain.chain()).hasSize(2);
        assertThat(chain.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");

        KeyMaterial p12 = KeyMaterial.fromPkcs12(pki.file("server.p12"), "secret".toCharArray());
        assertThat(p12.chain()).hasSize(2);
        assertThat(p12.certificate()).isEqualTo(chain.certificate());
    }

    @Test
    void anEncryptedKeyIsANamedError() {
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("server-cert.pem"), pki.file("encrypted-key.pem")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("encrypted-key.pem").hasMessageContaining("is encrypted");
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("rsa-cert.pem"), pki.file("rsa-encrypted-key.pem")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("rsa-encrypted-key.pem").hasMessageContaining("is encrypted");
    }

    @Test
    void aKeyOfAnotherCertificateIsANamedError() {
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("server-cert.pem"), pki.file("other-key.pem")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("other-key.pem").hasMessageContaining("does not belong to the certificate in")
                .hasMessageContaining("server-cert.pem");
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("server-cert.pem"), pki.file("rsa-key.pem")))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("rsa-key.pem");
    }

    @Test
    void aMissingFileIsANamedError() {
        assertThatThrownBy(() -> ServerTls.fromPem(pki.file("nope-cert.pem"), pki.file("server-key.pem")))
                .isInstanceOf(TlsConfigException.class).hasMessage("no such file: " + pki.file("nope-cert.pem"));
        assertThatThrownBy(() -> ServerTls.fromPem(pki.file("server-cert.pem"), pki.file("nope-key.pem")))
                .isInstanceOf(TlsConfigException.class).hasMessage("no such file: " + pki.file("nope-key.pem"));
        assertThatThrownBy(() -> ClientTls.builder().trust(pki.file("nope-ca.pem")).build())
                .isInstanceOf(TlsConfigException.class).hasMessage("no such file: " + pki.file("nope-ca.pem"));
    }

    @Test
    void aFileWithoutTheExpectedBlockIsANamedError() {
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("server-key.pem"), pki.file("server-key.pem")))
                .isInstanceOf(TlsConfigException.class).hasMessageStartingWith("no certificate in " + pki.file("server-key.pem"));
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("server-cert.pem"), pki.file("server-cert.pem")))
                .isInstanceOf(TlsConfigException.class).hasMessageStartingWith("no private key in " + pki.file("server-cert.pem"));
    }

    @Test
    void aDerFileIsNotMistakenForPem() throws Exception {
        OpenSsl.run(dir, "x509", "-in", "server-cert.pem", "-outform", "DER", "-out", "server-cert.der");
        assertThatThrownBy(() -> KeyMaterial.fromPem(pki.file("server-cert.der"), pki.file("server-key.pem")))
                .isInstanceOf(TlsConfigException.class).hasMessageStartingWith("no certificate in " + pki.file("server-cert.der"));
    }

    @Test
    void anExpiredCertificateIsANamedError() {
        assertThatThrownBy(() -> ServerTls.fromPem(pki.file("expired-cert.pem"), pki.file("expired-key.pem")))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("expired-cert.pem").hasMessageContaining("expired on");
    }

    @Test
    void aWrongPkcs12PasswordIsANamedError() {
        assertThatThrownBy(() -> KeyMaterial.fromPkcs12(pki.file("server.p12"), "wrong".toCharArray()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessageContaining("server.p12").hasMessageContaining("wrong password");
    }
}
