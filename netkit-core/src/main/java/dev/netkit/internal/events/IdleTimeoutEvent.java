package dev.netkit.internal.events;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a server closed a connection silent for its idle timeout. */
@Name("dev.netkit.IdleTimeout")
@Label("Idle Timeout")
@Category({"netkit", "Connections"})
@Description("A server closed a connection that moved no byte either way for its idle timeout")
@StackTrace(false)
public final class IdleTimeoutEvent extends Event {

    /** The server's name. */
    @Label("Server")
    public String server;

    /** The connection's id, as in the connection log. */
    @Label("Connection Id")
    public long connectionId;

    /** The peer's address. */
    @Label("Remote Address")
    public String remoteAddress;

    /** The idle timeout that passed, in nanoseconds. */
    @Label("Idle Timeout")
    @Timespan(Timespan.NANOSECONDS)
    public long idleTimeout;
}
