package dev.netkit;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRangeTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4Ranges() throws Exception {
        AddressRange range = AddressRange.parse("192.0.2.77/24");
        assertThat(range).hasToString("192.0.2.0/24");
        assertThat(range.contains(ip("192.0.2.0"))).isTrue();
        assertThat(range.contains(ip("192.0.2.255"))).isTrue();
        assertThat(range.contains(ip("192.0.3.1"))).isFalse();
        assertThat(AddressRange.parse("10.0.0.0/9").contains(ip("10.127.255.255"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/9").contains(ip("10.128.0.0"))).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void aLoneAddressIsARangeOfOne() throws Exception {
        assertThat(AddressRange.parse("127.0.0.2")).hasToString("127.0.0.2/32");
        assertThat(AddressRange.parse("127.0.0.2").contains(ip("127.0.0.1"))).isFalse();
        assertThat(AddressRange.parse("::1").contains(ip("::1"))).isTrue();
    }

    @Test
    void ipv6Ranges() throws Exception {
        AddressRange range = AddressRange.parse("2001:db8:abcd::/48");
        assertThat(range.contains(ip("2001:db8:abcd:ffff::1"))).isTrue();
        assertThat(range.contains(ip("2001:db8:abce::1"))).isFalse();
        assertThat(AddressRange.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
        assertThat(AddressRange.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
    }

    @Test
    void familiesDoNotMix() throws Exception {
        assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(AddressRange.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void badTextIsRefusedWithItsReason() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix length must be 0 to 32");
        assertThatThrownBy(() -> AddressRange.parse("::/129")).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> AddressRange.parse("example.com/24")).hasMessageContaining("not an IP address or range");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).hasMessageContaining("ADDRESS/PREFIX");
        assertThatThrownBy(() -> AddressRange.parse("")).hasMessageContaining("not an IP address");
    }
}
