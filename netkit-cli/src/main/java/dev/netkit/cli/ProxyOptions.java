package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Proxy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code connect --proxy HOST:PORT --proxy-type TYPE --proxy-auth USER:PASS}: reach the destination through a proxy. */
final class ProxyOptions implements UsageCheck {

    /** The protocols {@code --proxy-type} names. */
    enum Type {
        socks5, socks4, http
    }

    @Option(names = "--proxy", paramLabel = "HOST:PORT", converter = ProxyAddress.class,
            description = "Connect through this proxy; it resolves HOST, so no DNS query for HOST leaves this machine.")
    Endpoint.Tcp proxy;

    @Option(names = "--proxy-type", paramLabel = "TYPE",
            description = "With --proxy: socks5 (default), socks4 (SOCKS4a: the proxy resolves names) or http (CONNECT).")
    Type type = Type.socks5;

    @Option(names = "--proxy-auth", paramLabel = "USER:PASS",
            description = "With --proxy: the user name and password (socks5: RFC 1929; http: Basic);"
                    + " for socks4, USER alone, sent as the user id.")
    String auth;

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--proxy", "--proxy-type", "--proxy-auth");
        given.apart("--proxy", "--unix", "a proxy reaches TCP destinations");
        given.apart("--proxy", "--udp", "the proxies here tunnel TCP only");
        if (auth != null) {
            int colon = auth.indexOf(':');
            if (colon == 0 || auth.isEmpty()) {
                throw given.error("--proxy-auth needs a user name: USER:PASS");
            }
            if (type != Type.socks4 && colon < 0) {
                throw given.error("--proxy-auth needs USER:PASS (socks4 takes USER alone)");
            }
            if (type == Type.socks4 && colon >= 0) {
                throw given.error("--proxy-auth for socks4 is USER alone: SOCKS4 has no password");
            }
        }
    }

    /**
     * The proxy to connect through.
     *
     * @return the proxy, or null without {@code --proxy}
     */
    Proxy proxy() {
        if (proxy == null) {
            return null;
        }
        Proxy chosen = switch (type) {
            case socks5 -> Proxy.socks5(proxy);
            case socks4 -> Proxy.socks4(proxy);
            case http -> Proxy.http(proxy);
        };
        if (auth == null) {
            return chosen;
        }
        int colon = auth.indexOf(':');
        return colon < 0 ? chosen.credentials(auth, "") : chosen.credentials(auth.substring(0, colon), auth.substring(colon + 1));
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT}, the port not 0. */
    static final class ProxyAddress implements ITypeConverter<Endpoint.Tcp> {
        @Override
        public Endpoint.Tcp convert(String value) {
            try {
                if (Endpoint.parse(value) instanceof Endpoint.Tcp tcp && !tcp.host().isEmpty() && tcp.port() > 0) {
                    return tcp;
                }
            } catch (IllegalArgumentException e) {
                // worded below
            }
            throw new TypeConversionException("'" + value + "' is not HOST:PORT");
        }
    }

}
