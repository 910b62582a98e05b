package dev.netkit.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CIDR ranges and the trust of {@link ProxyProtocol}. */
class AddressRangeTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void containsWhatItsPrefixCovers() throws UnknownHostException {
        AddressRange ten = AddressRange.parse("10.0.0.0/8");
        assertThat(ten.contains(ip("10.255.0.1"))).isTrue();
        assertThat(ten.contains(ip("11.0.0.1"))).isFalse();
        AddressRange odd = AddressRange.parse("192.0.2.128/25");
        assertThat(odd.contains(ip("192.0.2.200"))).isTrue();
        assertThat(odd.contains(ip("192.0.2.127"))).isFalse();
        AddressRange v6 = AddressRange.parse("2001:db8::/32");
        assertThat(v6.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
        assertThat(v6.contains(ip("10.0.0.1"))).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("203.0.113.1"))).isTrue();
        assertThat(AddressRange.parse("192.0.2.7").prefixLength()).isEqualTo(32);
        assertThat(AddressRange.parse("::1")).isEqualTo(AddressRange.LOOPBACK_V6);
    }

    @Test
    void refusesWhatIsNotARange() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "10.0.0.1/8", "10.0.0/8", "::1/129", "10.0.0.0/", "/8", ""}) {
            assertThatThrownBy(() -> AddressRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.1/8")).hasMessageContaining("bits set beyond the prefix");
    }

    @Test
    void trustsLoopbackAndUnixPeersByDefault() {
        ProxyProtocol settings = ProxyProtocol.fromLoopback();
        assertThat(settings.trusts(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(settings.trusts(new InetSocketAddress("::1", 1))).isTrue();
        assertThat(settings.trusts(UnixDomainSocketAddress.of(""))).isTrue();
        assertThat(settings.trusts(new InetSocketAddress("192.0.2.1", 1))).isFalse();
        ProxyProtocol lan = ProxyProtocol.builder().trust("192.0.2.0/24").build();
        assertThat(lan.trusts(new InetSocketAddress("192.0.2.1", 1))).isTrue();
        assertThat(lan.trusts(new InetSocketAddress("127.0.0.1", 1))).isFalse();
    }
}
