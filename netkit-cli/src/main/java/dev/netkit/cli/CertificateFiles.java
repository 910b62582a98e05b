package dev.netkit.cli;

import dev.netkit.tls.KeyMaterial;
import dev.netkit.tls.ServerTls;
import dev.netkit.tls.TlsConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The server certificates named on the command line: {@code --cert}/{@code --key} pairs in order,
 * then each {@code NAME.crt} of a {@code --cert-dir} with its {@code NAME.key}, in name order.
 * The first is the default for clients whose SNI name no certificate has.
 */
final class CertificateFiles {

    private CertificateFiles() {
    }

    /**
     * Reads every pair now.
     *
     * @throws TlsConfigException naming the file that cannot be used, or a directory without pairs
     */
    static ServerTls.Builder read(List<Path> certs, List<Path> keys, Path certDir) {
        List<KeyMaterial> materials = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            materials.add(KeyMaterial.fromPem(certs.get(i), keys.get(i)));
        }
        if (certDir != null) {
            for (Path cert : certificatesIn(certDir)) {
                String name = cert.getFileName().toString();
                Path key = cert.resolveSibling(name.substring(0, name.length() - ".crt".length()) + ".key");
                materials.add(KeyMaterial.fromPem(cert, key));
            }
        }
        ServerTls.Builder builder = ServerTls.builder(materials.getFirst());
        materials.subList(1, materials.size()).forEach(builder::addCertificate);
        return builder;
    }

    private static List<Path> certificatesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> certs = files.filter(f -> f.getFileName().toString().endsWith(".crt"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (certs.isEmpty()) {
                throw new TlsConfigException("no NAME.crt certificate in " + dir);
            }
            return certs;
        } catch (IOException e) {
            throw new TlsConfigException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
