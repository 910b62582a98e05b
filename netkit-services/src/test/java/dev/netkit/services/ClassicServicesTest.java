package dev.netkit.services;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ClassicServicesTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private static Server serve(ConnectionHandler handler) throws Exception {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(handler).start();
    }

    @Test
    void timeSendsSecondsSince1900BigEndianThenCloses() throws Exception {
        try (Server server = serve(ClassicServices.time(NOON)); Connection c = Client.connect(server.endpoint())) {
            byte[] reply = c.input().readAllBytes();
            assertThat(reply).hasSize(4);
            long seconds = ByteBuffer.wrap(reply).getInt() & 0xffff_ffffL;
            assertThat(seconds - ClassicServices.SECONDS_1900_TO_1970).isEqualTo(NOON.instant().getEpochSecond());
        }
    }

    @Test
    void daytimeSendsOneLineThenCloses() throws Exception {
        try (Server server = serve(ClassicServices.daytime(NOON)); Connection c = Client.connect(server.endpoint())) {
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("Wednesday, November 25, 2026 12:00:00-UTC\r\n");
        }
    }

    @Test
    void discardSwallowsEverythingAndAnswersNothing() throws Exception {
        try (Server server = serve(ClassicServices.discard()); Connection c = Client.connect(server.endpoint())) {
            c.send(new byte[200_000]);
            c.shutdownOutput();
            assertThat(c.input().readAllBytes()).isEmpty();
        }
    }

    @Test
    void chargenRotatesItsPatternUntilTheClientLeaves() throws Exception {
        try (Server server = serve(ClassicServices.chargen()); Connection c = Client.connect(server.endpoint())) {
            byte[] first = c.input().readNBytes(74 * 96);
            String text = new String(first, StandardCharsets.US_ASCII);
            String[] lines = text.split("\r\n");
            assertThat(lines[0]).isEqualTo(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg");
            assertThat(lines[1]).startsWith("!\"#$%").hasSize(72);
            assertThat(lines[95]).isEqualTo(lines[0]); // one full rotation later
        }
        // the handler ends when its writes fail: the server is still there for others
    }
}
