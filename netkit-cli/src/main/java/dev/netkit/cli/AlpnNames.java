package dev.netkit.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The {@code --alpn} names of {@code serve} and {@code connect}: 1 to 255 bytes each (RFC 7301). */
final class AlpnNames {

    private AlpnNames() {
    }

    /** Fails with a usage error naming the first name that cannot be sent. */
    static void check(List<String> names, GivenOptions given) {
        for (String name : names) {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > 255) {
                throw given.error("--alpn: a protocol name must be 1 to 255 bytes, got '" + name + "'");
            }
        }
    }
}
