package dev.netkit.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The header parser fed random and mutated headers in a bounded loop: it either returns a header
 * or throws {@link ProxyProtocolException}, never anything else, never reads past what it
 * returned, and never waits for a byte that is not coming. The seed is printed with any failure.
 */
class ProxyHeaderFuzzTest {

    private static final int ROUNDS = 30_000;

    @Test
    @Timeout(60)
    void randomAndMutatedHeadersAreReadOrRefused() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] valid = validHeader(random).toBytes();
            byte[] input = switch (random.nextInt(4)) {
                case 0 -> valid;
                case 1 -> mutate(valid, random);
                case 2 -> Arrays.copyOf(valid, random.nextInt(valid.length + 1));
                default -> garbage(random, valid);
            };
            byte[] tail = {'x', 'y'};
            byte[] all = Arrays.copyOf(input, input.length + tail.length);
            System.arraycopy(tail, 0, all, input.length, tail.length);
            InputStream in = random.nextBoolean() ? new ByteArrayInputStream(all) : new ProxyHeaderTest.OneByteAtATime(all);
            try {
                ProxyHeader header = ProxyHeader.read(in);
                accepted++;
                int left = in.readAllBytes().length;
                // The shortest header is "PROXY UNKNOWN\r\n" (15 bytes) or a bare v2 one (16).
                assertThat(all.length - left).as("seed %d, input %s", seed, Arrays.toString(input))
                        .isGreaterThanOrEqualTo(15);
                if (input == valid) {
                    assertThat(left).as("seed %d: bytes left after a valid header", seed).isEqualTo(tail.length);
                }
                assertThat(header.version()).isNotNull();
            } catch (ProxyProtocolException e) {
                refused++;
                assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
                if (input == valid) {
                    fail("seed " + seed + ": a valid header was refused: " + e.getMessage() + " " + Arrays.toString(valid));
                }
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": input " + Arrays.toString(input) + " gave " + e, e);
            }
        }
        assertThat(accepted).as("seed %d", seed).isPositive();
        assertThat(refused).as("seed %d", seed).isPositive();
    }

    private static ProxyHeader validHeader(Random random) {
        boolean v6 = random.nextBoolean();
        InetSocketAddress source = new InetSocketAddress(address(random, v6), random.nextInt(65536));
        InetSocketAddress destination = new InetSocketAddress(address(random, v6), random.nextInt(65536));
        return switch (random.nextInt(5)) {
            case 0 -> ProxyHeader.v1(source, destination);
            case 1 -> ProxyHeader.v1Unknown();
            case 2 -> ProxyHeader.v2Local(tlvs(random));
            case 3 -> ProxyHeader.v2(UnixDomainSocketAddress.of("/run/s" + random.nextInt(1000)),
                    UnixDomainSocketAddress.of("/run/d"), tlvs(random));
            default -> ProxyHeader.v2(source, destination, tlvs(random));
        };
    }

    private static InetAddress address(Random random, boolean v6) {
        byte[] bytes = new byte[v6 ? 16 : 4];
        random.nextBytes(bytes);
        return IpLiterals.byAddress(bytes);
    }

    private static ProxyTlv[] tlvs(Random random) {
        List<ProxyTlv> tlvs = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            byte[] value = new byte[random.nextInt(40)];
            random.nextBytes(value);
            int type = random.nextInt(256);
            tlvs.add(new ProxyTlv(type == ProxyTlv.CRC32C ? ProxyTlv.NOOP : type, value));
        }
        if (random.nextInt(3) == 0) {
            tlvs.add(random.nextInt(tlvs.size() + 1), new ProxyTlv(ProxyTlv.CRC32C, new byte[4]));
        }
        return tlvs.toArray(ProxyTlv[]::new);
    }

    /** A few random changes: flipped bits, bytes set, removed or duplicated. */
    private static byte[] mutate(byte[] header, Random random) {
        byte[] bytes = header.clone();
        for (int n = 1 + random.nextInt(3); n > 0 && bytes.length > 0; n--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at + 1);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    /** Random bytes, half the time behind a real signature so that the parser gets past it. */
    private static byte[] garbage(Random random, byte[] valid) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            byte[] start = valid[0] == 'P' ? "PROXY ".getBytes(StandardCharsets.US_ASCII)
                    : Arrays.copyOf(valid, Math.min(valid.length, 16));
            System.arraycopy(start, 0, bytes, 0, Math.min(start.length, bytes.length));
        }
        return bytes;
    }
}
