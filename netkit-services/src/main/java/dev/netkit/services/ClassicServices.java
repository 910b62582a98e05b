package dev.netkit.services;

import dev.netkit.ConnectionHandler;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The classic diagnostic services over TCP, each a one-line handler: discard (RFC 863), daytime
 * (RFC 867), time (RFC 868) and chargen (RFC 864). Echo (RFC 862) is {@link EchoService#raw()}.
 * Their UDP forms and well-known ports are in {@link dev.netkit.services.udp.UdpService}.
 */
public final class ClassicServices {

    /** Seconds from 1900-01-01 (RFC 868's epoch) to 1970-01-01. */
    public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    private static final DateTimeFormatter DAYTIME =
            DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu HH:mm:ss-zzz", Locale.US);

    private ClassicServices() {
    }

    /** RFC 863: reads and drops everything until the client closes. */
    public static ConnectionHandler discard() {
        return c -> c.input().transferTo(OutputStream.nullOutputStream());
    }

    /** RFC 867: one human-readable line with the date and time, then close. */
    public static ConnectionHandler daytime(Clock clock) {
        return c -> c.send(daytimeLine(clock));
    }

    /** RFC 868: the time as 32-bit big-endian seconds since 1900-01-01 UTC, then close. */
    public static ConnectionHandler time(Clock clock) {
        return c -> c.send(timeBytes(clock));
    }

    /** RFC 864: the rotating 72-character pattern, line after line, until the client closes. */
    public static ConnectionHandler chargen() {
        byte[] pattern = chargenPattern();
        return c -> {
            OutputStream out = c.output();
            while (true) {
                out.write(pattern); // blocks while the client is slow: the pace is the client's
                out.flush();
            }
        };
    }

    /** RFC 867's line: {@code Wednesday, November 25, 2026 12:00:00-UTC} and CRLF, in the clock's zone. */
    public static String daytimeLine(Clock clock) {
        ZoneId zone = clock.getZone().normalized() == ZoneOffset.UTC ? ZoneId.of("UTC") : clock.getZone();
        return ZonedDateTime.ofInstant(clock.instant(), zone).format(DAYTIME) + "\r\n";
    }

    /** RFC 868's 4 bytes: seconds since 1900-01-01 UTC, big-endian, modulo 2^32. */
    public static byte[] timeBytes(Clock clock) {
        long seconds = clock.instant().getEpochSecond() + SECONDS_1900_TO_1970;
        return new byte[] {(byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds};
    }

    /** The 95 lines of one full rotation: line i is 72 printable characters starting at the i-th. */
    static byte[] chargenPattern() {
        StringBuilder s = new StringBuilder(95 * 74);
        for (int line = 0; line < 95; line++) {
            for (int i = 0; i < 72; i++) {
                s.append((char) (' ' + (line + i) % 95));
            }
            s.append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
