package dev.netkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.net.InetSocketAddress;

/** {@code connect --source HOST[:PORT]}: the local address to connect from, as {@code nc -s}. */
final class SourceOption implements UsageCheck {

    @Option(names = "--source", paramLabel = "HOST[:PORT]", converter = SourceAddress.class,
            description = "Connect from this local address (and port); only HOST's addresses of the same family"
                    + " are tried. Runs on the nio transport.")
    InetSocketAddress source;

    @Override
    public void check(GivenOptions given) {
        given.apart("--source", "--unix", "a Unix socket has no source address");
        given.apart("--source", "--udp", "--source binds TCP connections");
        given.apart("--source", "--transport", "--source runs on nio");
    }

    /** {@code HOST}, {@code HOST:PORT}, {@code IPV6}, {@code [IPV6]} or {@code [IPV6]:PORT}. */
    static final class SourceAddress implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            String host = value;
            int port = 0;
            int colon = value.lastIndexOf(':');
            boolean bracketed = value.startsWith("[");
            if (colon > 0 && (bracketed ? value.charAt(colon - 1) == ']' : value.indexOf(':') == colon)) {
                host = value.substring(0, colon);
                port = new IntRange.ListenPort().convert(value.substring(colon + 1));
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new TypeConversionException("'" + value + "' has no HOST");
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new TypeConversionException("unknown host: " + host);
            }
            return address;
        }
    }
}
