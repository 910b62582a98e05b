package dev.netkit.tls;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** ALPN protocol names as RFC 7301 bounds them: 1 to 255 bytes each. */
final class Alpn {

    private static final int MAX_NAME = 255;

    private Alpn() {
    }

    /** The names, checked; a copy. */
    static List<String> checked(String... protocols) {
        Objects.requireNonNull(protocols, "protocols");
        List<String> names = Arrays.asList(protocols.clone());
        for (String name : names) {
            Objects.requireNonNull(name, "protocol name");
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > MAX_NAME) {
                throw new IllegalArgumentException("an ALPN protocol name must be 1 to 255 bytes, got \"" + name + "\"");
            }
        }
        return List.copyOf(names);
    }
}
