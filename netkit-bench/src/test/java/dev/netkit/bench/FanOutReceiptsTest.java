package dev.netkit.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How far a fan-out sender may run ahead: its window past what every member has received. */
class FanOutReceiptsTest {

    private static final int WINDOW = 4;

    private FanOutFlow flow;
    private FanOutWorker worker;
    private FanOutReceipts receipts;

    @BeforeEach
    void oneWorkerWithMembers0To2() throws Exception {
        flow = new FanOutFlow(1, WINDOW, 1, 0, 1);
        worker = new FanOutWorker(0, flow, 64);   // never started: only told when to wake up
        flow.workers(List.of(worker));
        receipts = new FanOutReceipts(0, flow);
        receipts.start(new int[] {0, 1, 2});     // sender 0's messages go to members 1 and 2
    }

    @AfterEach
    void close() throws Exception {
        worker.stop();
    }

    @Test
    void theWindowMovesOnWhenEveryMemberHasTheOldestMessage() {
        assertThat(flow.limit(0)).isEqualTo(WINDOW);
        receipts.received(0, 0, 0);              // member 1 has message 0
        assertThat(flow.limit(0)).isEqualTo(WINDOW);
        receipts.received(0, 1, 2);              // member 1 has 1 and 2
        receipts.received(0, 0, 1);              // member 2 has 0 and 1
        assertThat(flow.receivedByAll(0)).isEqualTo(2);
        assertThat(flow.limit(0)).isEqualTo(2 + WINDOW);
    }

    @Test
    void aMemberThatLeavesIsNoLongerWaitedFor() {
        receipts.received(0, 0, 2);              // member 1 has 0..2; member 2 has nothing
        assertThat(flow.receivedByAll(0)).isZero();
        receipts.gone(2, new long[] {0});
        assertThat(flow.receivedByAll(0)).isEqualTo(3);
        flow.sent(0, 3);
        assertThat(flow.drained()).isTrue();
    }

    @Test
    void aSenderWithNoOtherMemberHereIsNeverHeldBack() throws Exception {
        FanOutFlow alone = new FanOutFlow(1, WINDOW, 1, 0, 1);
        FanOutWorker w = new FanOutWorker(0, alone, 64);
        try {
            alone.workers(List.of(w));
            new FanOutReceipts(0, alone).start(new int[] {0});
            assertThat(alone.limit(0)).isEqualTo(Long.MAX_VALUE);
        } finally {
            w.stop();
        }
    }
}
