package dev.netkit.epoll;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The task left by callWhenReadable runs exactly once or is taken back, never both. */
class CallWhenReadableRaceTest {

    @Test
    void aRacingReadEdgeNeitherLosesNorDoublesTheTask() throws Exception {
        int rounds = 5_000;
        CyclicBarrier start = new CyclicBarrier(2);
        EpollSocket[] sockets = new EpollSocket[1];
        AtomicInteger runs = new AtomicInteger();
        int lost = 0;
        int doubled = 0;
        for (int i = 0; i < rounds; i++) {
            // fd numbers far above anything open: only the errno slot is touched, never the fd.
            EpollSocket s = new EpollSocket(900_000 + (i % 1000), null, i);
            sockets[0] = s;
            runs.set(0);
            Thread edge = Thread.ofPlatform().unstarted(() -> {
                try {
                    start.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    return;
                }
                s.ready(Libc.EPOLLIN);
            });
            edge.start();
            start.await(5, TimeUnit.SECONDS);
            boolean left = s.callWhenReadable(runs::incrementAndGet);
            edge.join(5000);
            int n = runs.get();
            if (left && n != 1) {
                lost++;
            }
            if (!left && n != 0) {
                doubled++;
            }
        }
        assertThat(lost).as("task left but never run").isZero();
        assertThat(doubled).as("task taken back yet run").isZero();
    }
}
