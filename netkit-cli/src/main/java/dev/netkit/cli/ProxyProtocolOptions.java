package dev.netkit.cli;

import dev.netkit.Server;
import dev.netkit.AddressRange;
import dev.netkit.proxy.ProxyProtocol;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --proxy-protocol} and {@code --proxy-from}: serving behind a load balancer that sends PROXY headers. */
final class ProxyProtocolOptions implements UsageCheck {

    @Option(names = "--proxy-protocol", description = "Every connection begins with a PROXY protocol header (v1 or v2,"
            + " as HAProxy's send-proxy sends): log and serve the client's address, not the balancer's.")
    boolean proxyProtocol;

    @Option(names = "--proxy-from", paramLabel = "CIDR", description = "With --proxy-protocol: a source range trusted to"
            + " send the header; repeatable (default: loopback, 127.0.0.0/8 and ::1).")
    List<String> proxyFrom = new ArrayList<>();

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--proxy-protocol", "--proxy-from");
        given.apart("--udp", "--proxy-protocol", "the PROXY protocol is for streams");
        for (String cidr : proxyFrom) {
            try {
                AddressRange.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw given.error("--proxy-from: " + e.getMessage());
            }
        }
    }

    /** Adds the PROXY protocol to {@code builder} when asked for. */
    Server.Builder configure(Server.Builder builder) {
        if (!proxyProtocol) {
            return builder;
        }
        ProxyProtocol.Builder proxy = ProxyProtocol.builder();
        proxyFrom.forEach(proxy::trust);
        return builder.proxyProtocol(proxy.build());
    }
}
