package dev.netkit.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The socat-style addresses of {@code netkit relay}, read into what they mean. */
class RelayAddressParserTest {

    @Test
    void eachFormReadsIntoItsAddress() {
        assertThat(RelayAddressParser.parse("tcp:example.org:22")).isEqualTo(new RelayAddress.Tcp("example.org", 22));
        assertThat(RelayAddressParser.parse("tcp:[::1]:8080")).isEqualTo(new RelayAddress.Tcp("::1", 8080));
        assertThat(RelayAddressParser.parse("tcp-listen:8080")).isEqualTo(new RelayAddress.TcpListen("", 8080));
        assertThat(RelayAddressParser.parse("TCP-LISTEN:127.0.0.1:0")).isEqualTo(new RelayAddress.TcpListen("127.0.0.1", 0));
        assertThat(RelayAddressParser.parse("unix:/run/app.sock")).isEqualTo(new RelayAddress.Unix(Path.of("/run/app.sock")));
        assertThat(RelayAddressParser.parse("unix-listen:app.sock")).isEqualTo(new RelayAddress.UnixListen(Path.of("app.sock")));
        assertThat(RelayAddressParser.parse("tls:h:443,ca=ca.pem,servername=api.example,cert=c.pem,key=k.pem"))
                .isEqualTo(new RelayAddress.Tls("h", 443, Optional.of(Path.of("ca.pem")), Optional.of("api.example"),
                        Optional.of(Path.of("c.pem")), Optional.of(Path.of("k.pem"))));
        assertThat(RelayAddressParser.parse("tls-listen:8443,cert=c.pem,key=k.pem"))
                .isEqualTo(new RelayAddress.TlsListen("", 8443, Path.of("c.pem"), Path.of("k.pem")));
        assertThat(RelayAddressParser.parse("udp:10.0.0.2:53"))
                .isEqualTo(new RelayAddress.Udp("10.0.0.2", 53, RelayAddressParser.DEFAULT_UDP_IDLE));
        assertThat(RelayAddressParser.parse("udp-listen:5353,idle-timeout=500ms"))
                .isEqualTo(new RelayAddress.UdpListen("", 5353, Duration.ofMillis(500)));
        assertThat(RelayAddressParser.parse("stdio")).isEqualTo(new RelayAddress.Stdio());
        assertThat(RelayAddressParser.parse("-")).isEqualTo(new RelayAddress.Stdio());
        // The command is the rest of the address, commas and colons included.
        assertThat(RelayAddressParser.parse("exec:tr a-z A-Z, then:more"))
                .isEqualTo(new RelayAddress.Exec("tr a-z A-Z, then:more"));
    }

    @Test
    void onlyTheListeningFormsListen() {
        assertThat(RelayAddressParser.parse("tcp-listen:1").listens()).isTrue();
        assertThat(RelayAddressParser.parse("unix-listen:x").listens()).isTrue();
        assertThat(RelayAddressParser.parse("tls-listen:1,cert=c,key=k").listens()).isTrue();
        assertThat(RelayAddressParser.parse("udp-listen:1").listens()).isTrue();
        assertThat(RelayAddressParser.parse("tcp:h:1").listens()).isFalse();
        assertThat(RelayAddressParser.parse("exec:cat").listens()).isFalse();
    }
}
