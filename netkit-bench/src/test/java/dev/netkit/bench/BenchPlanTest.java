package dev.netkit.bench;

import dev.netkit.tls.ClientTls;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchPlanTest {

    private static final SocketAddress TCP = new InetSocketAddress("127.0.0.1", 9000);

    @Test
    void eachModeHasItsDefaults() {
        BenchPlan pingPong = BenchPlan.builder(BenchMode.PINGPONG, TCP).build();
        assertThat(pingPong.connections()).isEqualTo(1);
        assertThat(pingPong.size()).isEqualTo(64);
        assertThat(pingPong.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pingPong.warmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pingPong.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(pingPong.sources()).isEmpty();
        assertThat(pingPong.tls()).isEmpty();
        assertThat(BenchPlan.builder(BenchMode.STREAM, TCP).build().size()).isEqualTo(64 * 1024);
        assertThat(BenchPlan.builder(BenchMode.CONNECT, TCP).build().size()).isZero();
        assertThat(BenchPlan.builder(BenchMode.IDLE, TCP).build().connections()).isEqualTo(1000);
        BenchPlan fanOut = BenchPlan.builder(BenchMode.FANOUT, TCP).build();
        assertThat(fanOut.connections()).isEqualTo(1000);
        assertThat(fanOut.senders()).isEqualTo(1);
    }

    @Test
    void idleSettlesHalfWayForAtMostHalfAMinuteByDefault() {
        assertThat(BenchPlan.builder(BenchMode.IDLE, TCP).build().settle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(BenchPlan.builder(BenchMode.IDLE, TCP).settle(Duration.ZERO).build().settle()).isZero();
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.IDLE, TCP).settle(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("settle must not be negative, got PT-1S");
    }

    @Test
    void idleHasNoWarmUp() {
        assertThat(BenchPlan.builder(BenchMode.IDLE, TCP).warmup(Duration.ofSeconds(5)).build().warmup()).isZero();
    }

    @Test
    void valuesThatDoNotFitAreNamed() {
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.PINGPONG, TCP).connections(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("connections must be at least 1, got 0");
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.STREAM, TCP).size(0).build())
                .hasMessage("size must be at least 1, got 0");
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.PINGPONG, TCP).duration(Duration.ZERO).build())
                .hasMessageStartingWith("duration must be positive");
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.FANOUT, TCP).connections(10).senders(11).build())
                .hasMessageStartingWith("senders must be 1-10");
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.FANOUT, TCP).size(47).build())
                .hasMessageEndingWith("size must be at least 48, got 47");
        SocketAddress other = new SocketAddress() {
        };
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.PINGPONG, other).build())
                .hasMessageStartingWith("target must be a TCP or Unix domain socket address");
    }

    @Test
    void tlsAndSourceAddressesFitOnlySomeRuns() {
        assertThat(BenchPlan.builder(BenchMode.IDLE, TCP).tls(ClientTls::systemDefault).build().tls()).isPresent();
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.FANOUT, TCP).tls(ClientTls::systemDefault).build())
                .hasMessage("TLS is for pingpong, stream, connect and idle, not fanout");
        List<InetAddress> sources = List.of(InetAddress.getLoopbackAddress());
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.PINGPONG, TCP).sources(sources).tls(ClientTls::systemDefault).build())
                .hasMessage("source addresses are for plain TCP only");
        assertThatThrownBy(() -> BenchPlan.builder(BenchMode.PINGPONG, UnixDomainSocketAddress.of("/tmp/s")).sources(sources).build())
                .hasMessage("source addresses are for plain TCP only");
        assertThat(BenchPlan.builder(BenchMode.CONNECT, TCP).tls(ClientTls::systemDefault).build().tls()).isPresent();
    }
}
