/**
 * netkit's JDK Flight Recorder events, all named {@code dev.netkit.*}. Each is built and committed
 * only after {@code shouldCommit()} says a running recording wants it, so a server pays nothing
 * for them otherwise. The rare ones (a failed TLS handshake, an idle timeout, a slow consumer) are
 * on in any recording; the two per connection (opened, closed) only in a recording that enables
 * them by name. Not exported: a recording's reader needs only the names and fields.
 */
package dev.netkit.internal.events;
