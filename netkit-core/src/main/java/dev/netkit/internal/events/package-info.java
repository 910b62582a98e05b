/**
 * netkit's JDK Flight Recorder events, all named {@code dev.netkit.*} and off unless a recording
 * enables them. Each is built and committed only after {@code shouldCommit()} says a recording
 * wants it, so a server pays nothing for them otherwise. Not exported: a recording's reader needs
 * only the names and fields.
 */
package dev.netkit.internal.events;
