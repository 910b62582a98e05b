package dev.netkit.services;

import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.framing.FrameTooLongException;
import dev.netkit.framing.LineHandler;
import dev.netkit.framing.LineReader;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.Roster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A chat room for {@code nc}: every line a user types reaches every other user, prefixed with the
 * sender's name.
 *
 * <pre>
 * on connect (to the newcomer)   * Welcome to netkit chat, guest-3! 2 others here.
 *                                * Commands: /nick NAME, /who, /me ACTION, /quit
 * (to the others)                * guest-3 joined                (unless join notices are off)
 * a line "hello"                 guest-3: hello                  to the others
 * /me waves                      * guest-3 waves                 to the others
 * /nick alice                    * guest-3 is now alice          to the others
 *                                * you are now alice             to the user
 * /who                           * 3 here: alice, bob, guest-2   to the user
 * /quit                          * bye                           to the user, then the server closes
 * (when a user goes)             * alice left                    to the others
 * a mistake                      ! the name bob is taken         to the user
 * (when the server stops)        * server restarting, reconnect in a moment   to every user
 * </pre>
 *
 * <p>Lines come in ending with LF or CRLF (a last line without either counts), at most
 * {@link #MAX_LINE} bytes of UTF-8: a longer one is not sent, its sender gets an error line and
 * stays connected. Lines go out ending with LF alone, as the Node.js tour's echo server writes them
 * and as {@code nc} on a Unix terminal expects. Names are 1 to 20 of {@code A-Z a-z 0-9 _ -},
 * unique regardless of case, so they cannot imitate a notice. Escape sequences and control
 * characters are removed from what users type before anyone sees it ({@link ChatText}). Blank lines
 * are ignored.
 *
 * <p>A line not finished within the line timeout once begun ({@link EchoService#DEFAULT_LINE_TIMEOUT}
 * by default) ends the connection: a user's client sends lines whole.
 *
 * <p>Other users' lines reach a user through the room's {@link ConnectionGroup}: a user who stops
 * reading never holds up the others, and is disconnected (or loses lines) per the group's policy.
 * Replies to the user's own commands go through the same queue, so a user sees everything in one
 * order, and a user who floods the room or its own replies is slowed to the pace its readers keep
 * ({@link ConnectionGroup}). A user who leaves, by {@code /quit} or by ending its input, gets what
 * was queued for it first (within {@link #FLUSH_ON_LEAVE}); the final {@code * bye} is written
 * directly, after the user has left the group.
 *
 * <p>Threading: {@link #handle} runs on each connection's own virtual thread, and then each turn
 * that reads a member's lines on one of its own ({@link LineReader#resumeOnLines}): a silent
 * member holds no reading thread. One {@code ChatService} is one room, shared by all of them.
 */
public final class ChatService implements ConnectionHandler {

    /** The port {@code netkit serve chat} listens on by default. */
    public static final int DEFAULT_PORT = 7000;
    /** The longest line a user may send, in bytes. */
    public static final int MAX_LINE = 1024;
    /** How long a leaving user's queued lines may take to go out before the connection closes. */
    static final Duration FLUSH_ON_LEAVE = Duration.ofSeconds(2);
    /** What every user hears when the server begins to stop. */
    static final String RESTARTING = "* server restarting, reconnect in a moment\n";

    private final ConnectionGroup group;
    private final Duration lineTimeout;
    private final Nicknames names;
    private final boolean joinNotices;
    // Orders arrivals and departures with each other; chat lines need no such lock.
    private final ReentrantLock arrivals = new ReentrantLock();

    /** A room with a default {@link ConnectionGroup} named {@code chat}. */
    public ChatService() {
        this(EchoService.DEFAULT_LINE_TIMEOUT);
    }

    /** A room with a default group named {@code chat}, each line given {@code lineTimeout} once begun (zero: none). */
    public ChatService(Duration lineTimeout) {
        this(ConnectionGroup.builder().name("chat").build(), lineTimeout);
    }

    /** A room that delivers through {@code group}: its policy and limits apply to slow users. */
    public ChatService(ConnectionGroup group) {
        this(group, EchoService.DEFAULT_LINE_TIMEOUT);
    }

    /** As {@link #ChatService(ConnectionGroup)}, each line given {@code lineTimeout} once begun (zero: no limit). */
    public ChatService(ConnectionGroup group, Duration lineTimeout) {
        this(group, Roster.local(), lineTimeout);
    }

    /**
     * A room whose names are held by {@code roster}: with a group on a {@linkplain
     * ConnectionGroup.Builder#bus bus} and a roster shared by the same nodes, one room spans them
     * all ({@code /who} lists every node's users, a name is unique across them, and the users of a
     * node that vanished are announced as left by a surviving node).
     */
    public ChatService(ConnectionGroup group, Roster roster, Duration lineTimeout) {
        this(group, roster, lineTimeout, true);
    }

    private ChatService(ConnectionGroup group, Roster roster, Duration lineTimeout, boolean joinNotices) {
        this.group = Objects.requireNonNull(group, "group");
        this.names = new Nicknames(Objects.requireNonNull(roster, "roster"));
        this.lineTimeout = EchoService.checkLineTimeout(lineTimeout);
        this.joinNotices = joinNotices;
        roster.onLapsed(name -> announce("* " + name + " left\n"));
    }

    /** A builder for a room with other than the defaults: no join notices, a shared roster. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ChatService}. Defaults: a group named {@code chat}, a roster of this process
     * alone, {@link EchoService#DEFAULT_LINE_TIMEOUT}, join notices on.
     *
     * <p>Threading: confined to the thread that builds.
     */
    public static final class Builder {

        private ConnectionGroup group;
        private Roster roster;
        private Duration lineTimeout = EchoService.DEFAULT_LINE_TIMEOUT;
        private boolean joinNotices = true;

        private Builder() {
        }

        /** The group that delivers the room's lines: its policy and limits apply to slow users. */
        public Builder group(ConnectionGroup group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** Who holds the names: with a group on a bus, a roster shared by the nodes makes one room of them. */
        public Builder roster(Roster roster) {
            this.roster = Objects.requireNonNull(roster, "roster");
            return this;
        }

        /** How long a line may take once begun; zero for no limit. */
        public Builder lineTimeout(Duration lineTimeout) {
            this.lineTimeout = EchoService.checkLineTimeout(lineTimeout);
            return this;
        }

        /**
         * Whether the others hear {@code * NAME joined} and {@code * NAME left} (default true, as
         * the Node.js tour's chat). A large room may turn them off: 10,000 arrivals are 50 million
         * notices, a storm that a room of mostly silent members pays for in memory long after
         * (the README's "Known limits"). The newcomer's welcome, with its count of others, stays.
         */
        public Builder joinNotices(boolean joinNotices) {
            this.joinNotices = joinNotices;
            return this;
        }

        /** A new room. */
        public ChatService build() {
            return new ChatService(group != null ? group : ConnectionGroup.builder().name("chat").build(),
                    roster != null ? roster : Roster.local(), lineTimeout, joinNotices);
        }
    }

    /** The room's group, for its {@linkplain ConnectionGroup#stats() counters}. */
    public ConnectionGroup group() {
        return group;
    }

    /** The names of the users here now, sorted without regard to case. */
    public List<String> users() {
        return names.all();
    }

    /** Joins the newcomer, then takes its lines as they come: a silent member holds no thread reading. */
    @Override
    public void handle(Connection connection) {
        Member member = new Member(arrive(connection));
        try {
            LineReader.lenient(connection.input(), MAX_LINE).lineTimeout(lineTimeout).resumeOnLines(connection, member);
        } catch (RuntimeException e) {
            member.ended(connection);
            throw e;
        }
    }

    /** One user's lines: its commands carried out in order, one turn at a time. */
    private final class Member implements LineHandler {

        private String name;

        Member(String name) {
            this.name = name;
        }

        @Override
        public boolean line(Connection connection, String line) throws IOException {
            ChatCommand command = ChatCommand.parse(ChatText.clean(line));
            if (command instanceof ChatCommand.Quit) {
                // out of the group first, with what was queued for this user delivered, so
                // that "bye" is the last line
                group.leave(connection, FLUSH_ON_LEAVE);
                connection.send("* bye\n");
                return false;
            }
            name = carryOut(command, name, connection);
            return true;
        }

        @Override
        public boolean tooLong(Connection connection, FrameTooLongException tooLong) {
            // the reader skips the rest of that line by itself
            group.send(connection, "! line too long (more than " + MAX_LINE + " bytes), not sent\n");
            return true;
        }

        @Override
        public void ended(Connection connection) {
            // A user who asked and then hung up (nc -N) still gets the answers queued for it.
            group.leave(connection, FLUSH_ON_LEAVE);
            depart(connection, name);
        }
    }

    /**
     * Names the newcomer, tells the others, and joins it with its welcome queued first. Under the
     * arrivals lock, so that two users arriving together each hear of the other, and so that once a
     * user has its welcome it is a member and hears of everyone who comes after.
     */
    private String arrive(Connection connection) {
        arrivals.lock();
        try {
            String name = names.assignGuest();
            int others = names.count() - 1;
            announce("* " + name + " joined\n");
            group.join(connection, "* Welcome to netkit chat, " + name + "! " + others
                    + (others == 1 ? " other" : " others") + " here.\n* Commands: " + ChatCommand.SUMMARY + "\n");
            connection.onStop(c -> group.send(c, RESTARTING));
            return name;
        } finally {
            arrivals.unlock();
        }
    }

    private void depart(Connection connection, String name) {
        arrivals.lock();
        try {
            group.leave(connection);
            names.release(name);
            announce("* " + name + " left\n");
        } finally {
            arrivals.unlock();
        }
    }

    /** Tells everyone of an arrival or departure, unless the room keeps them quiet. */
    private void announce(String notice) {
        if (joinNotices) {
            group.broadcast(notice);
        }
    }

    /** Does what {@code command} asks; returns the user's name afterwards. */
    private String carryOut(ChatCommand command, String name, Connection connection) {
        switch (command) {
            case ChatCommand.Say(String text) -> group.broadcast(name + ": " + text + "\n", connection);
            case ChatCommand.Me(String action) -> group.broadcast("* " + name + " " + action + "\n", connection);
            case ChatCommand.Nick(String wanted) -> {
                Optional<String> refused = names.rename(name, wanted);
                if (refused.isPresent()) {
                    group.send(connection, "! " + refused.get() + "\n");
                    return name;
                }
                group.broadcast("* " + name + " is now " + wanted + "\n", connection);
                group.send(connection, "* you are now " + wanted + "\n");
                return wanted;
            }
            case ChatCommand.Who() -> {
                List<String> here = names.all();
                group.send(connection, "* " + here.size() + " here: " + String.join(", ", here) + "\n");
            }
            case ChatCommand.Help() -> group.send(connection, "* Commands: " + ChatCommand.SUMMARY
                    + " (start a line with // to say one that starts with /)\n");
            case ChatCommand.Invalid(String error) -> group.send(connection, "! " + error + "\n");
            case ChatCommand.Blank() -> {
                // nothing to say
            }
            case ChatCommand.Quit() -> throw new IllegalStateException("handled by the caller");
        }
        return name;
    }
}
