package dev.netkit.epoll;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the system calls on each socket leave their errno: two 4-byte slots per descriptor number
 * (one for the reading thread, one for the writing thread), and a 4-byte value the reading thread
 * may ask the kernel to fill in ({@link #forReadQueries}), in native chunks of {@link #CHUNK}
 * descriptors that live as long as the process.
 *
 * <p>A socket of its own arena would cost a native allocation, a cleaner and half a dozen objects
 * per connection; a slot costs two small segment views. Sharing by
 * descriptor number is safe because a number is reused only after the socket that had it made its
 * last system call (see {@link EpollSocket}'s use count), and errno is read before that.
 *
 * <p>Threading: any thread.
 */
final class ErrnoSlots {

    private static final int CHUNK = 1024;
    private static final int SLOT = 16;
    private static final int READ = 0;
    private static final int READ_QUERY = 4;
    private static final int WRITE = 8;
    static {
        if (Libc.errnoSize() > READ_QUERY) {
            throw new ExceptionInInitializerError("the capture state takes " + Libc.errnoSize() + " bytes");
        }
    }

    private static final AtomicReferenceArray<MemorySegment> CHUNKS = new AtomicReferenceArray<>(4096);
    private static final ReentrantLock GROW = new ReentrantLock();

    private ErrnoSlots() {
    }

    /** The reading thread's errno capture segment for {@code fd}. */
    static MemorySegment forReads(int fd) {
        return slot(fd, READ);
    }

    /** The writing thread's errno capture segment for {@code fd}. */
    static MemorySegment forWrites(int fd) {
        return slot(fd, WRITE);
    }

    /** Four bytes for the reading thread's {@code ioctl} answers about {@code fd}. */
    static MemorySegment forReadQueries(int fd) {
        return slot(fd, READ_QUERY);
    }

    private static MemorySegment slot(int fd, int offset) {
        int index = fd / CHUNK;
        if (index >= CHUNKS.length()) {
            // Beyond four million descriptors: a segment of its own, freed with the socket.
            return Arena.ofAuto().allocate(4, 4);
        }
        MemorySegment chunk = CHUNKS.get(index);
        if (chunk == null) {
            GROW.lock();
            try {
                chunk = CHUNKS.get(index);
                if (chunk == null) {
                    chunk = Arena.global().allocate((long) CHUNK * SLOT, 8);
                    CHUNKS.set(index, chunk);
                }
            } finally {
                GROW.unlock();
            }
        }
        return chunk.asSlice((long) (fd % CHUNK) * SLOT + offset, Libc.errnoSize(), 4);
    }
}
