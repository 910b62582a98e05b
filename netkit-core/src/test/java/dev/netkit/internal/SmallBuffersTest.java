package dev.netkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SmallBuffersTest {

    @Test
    void aBufferGivenBackIsTakenAgainInsteadOfANewOne() {
        byte[] first = SmallBuffers.take();
        assertThat(first).hasSize(SmallBuffers.SIZE);
        // Servers in tests running alongside share the list and may take it first: a few tries.
        boolean reused = false;
        for (int attempt = 0; attempt < 3 && !reused; attempt++) {
            SmallBuffers.give(first);
            byte[] again = SmallBuffers.take();
            reused = again == first;
            first = again;
        }
        assertThat(reused).as("a buffer given back is taken again").isTrue();
    }

    @Test
    void buffersOfAnotherSizeAreNotKept() {
        byte[] other = new byte[SmallBuffers.SIZE * 2];
        SmallBuffers.give(other);
        byte[] taken = SmallBuffers.take();
        assertThat(taken).isNotSameAs(other).hasSize(SmallBuffers.SIZE);
    }

    @Test
    void noBufferHasTwoHoldersAtOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte mark = (byte) (t + 1);
                results.add(pool.submit(() -> {
                    int clashes = 0;
                    for (int i = 0; i < 20_000; i++) {
                        byte[] b = SmallBuffers.take();
                        Arrays.fill(b, mark);
                        Thread.yield();
                        for (byte x : b) {
                            if (x != mark) {
                                clashes++;
                                break;
                            }
                        }
                        SmallBuffers.give(b);
                    }
                    return clashes;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
