package dev.netkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {

    @Test
    void parsesTheUsualForms() {
        assertThat(Endpoint.parse("localhost:6789")).isEqualTo(Endpoint.tcp("localhost", 6789));
        assertThat(Endpoint.parse("[::1]:80")).isEqualTo(Endpoint.tcp("::1", 80));
        assertThat(Endpoint.parse(":8080")).isEqualTo(Endpoint.tcp(8080));
        assertThat(Endpoint.parse("8080")).isEqualTo(Endpoint.tcp(8080));
        assertThat(Endpoint.parse("unix:/tmp/x.sock")).isEqualTo(Endpoint.unix(Path.of("/tmp/x.sock")));
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> Endpoint.parse("localhost:http")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> Endpoint.tcp(70_000)).hasMessage("port must be 0-65535, got 70000");
    }

    @Test
    void printsReadably() {
        assertThat(Endpoint.tcp(80)).hasToString("*:80");
        assertThat(Endpoint.tcp("::1", 80)).hasToString("[::1]:80");
        assertThat(Endpoint.unix("/run/a.sock")).hasToString("unix:/run/a.sock");
    }
}
