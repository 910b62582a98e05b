package dev.netkit.internal;

import dev.netkit.TransportType;

import java.util.Optional;

/** A transport that may or may not be able to run in this JVM, found with {@link java.util.ServiceLoader}. */
public interface TransportProvider {

    TransportType type();

    /** Why the transport cannot run here (wrong OS, old JDK, native access denied), or empty when it can. */
    Optional<String> unavailabilityReason();

    /** The transport; only called when {@link #unavailabilityReason()} is empty. */
    Transport transport();
}
