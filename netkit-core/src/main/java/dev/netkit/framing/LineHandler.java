package dev.netkit.framing;

import dev.netkit.Connection;

/**
 * What a server does with a connection's lines when it takes them without holding a thread
 * between them ({@link LineReader#resumeOnLines}): a chat member, a prompt waiting for its answer.
 *
 * <p>Threading: for one connection the methods are called one at a time, each on the virtual
 * thread of the turn that read the line, never two at once; replies may be sent from them as from
 * any handler, and other threads may write to the connection meanwhile.
 */
@FunctionalInterface
public interface LineHandler {

    /**
     * One line, without its line break.
     *
     * @param connection the connection it came from
     * @param line       the line
     * @return true to wait for the next line; false when the conversation is over: the connection
     *         then ends (after {@link #ended})
     * @throws Exception ends the connection, logged by the server as an exception escaping a handler
     */
    boolean line(Connection connection, String line) throws Exception;

    /**
     * A line longer than the reader's maximum arrived; the reader skips the rest of it. By default
     * the exception is thrown, which ends the connection.
     *
     * @param connection the connection it came from
     * @param tooLong    what the reader threw, naming the maximum
     * @return true to go on with the next line, false to end the connection
     * @throws Exception ends the connection
     */
    default boolean tooLong(Connection connection, FrameTooLongException tooLong) throws Exception {
        throw tooLong;
    }

    /**
     * The lines are over, called once whatever ended them: the peer ended its output, a method
     * here returned false or threw, a read failed, or the connection closed while it waited (an
     * idle or line timeout, a stop, a close from another thread). By default nothing.
     *
     * @param connection the connection, which may be closed already
     * @throws Exception logged by the server; the connection ends either way
     */
    default void ended(Connection connection) throws Exception {
    }
}
