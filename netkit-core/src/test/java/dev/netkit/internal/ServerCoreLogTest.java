package dev.netkit.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the server's log lines count connections. */
class ServerCoreLogTest {

    @Test
    void oneConnectionIsSingular() {
        assertThat(ServerCore.connections(1)).isEqualTo("1 connection");
        assertThat(ServerCore.connections(0)).isEqualTo("0 connections");
        assertThat(ServerCore.connections(10_000)).isEqualTo("10000 connections");
    }
}
