package dev.netkit;

/** Which system-call layer a server or client runs on. */
public enum TransportType {
    /** epoll where it can run (Linux, JDK 22+, native access enabled), NIO elsewhere. */
    AUTO,
    /** The JDK's blocking NIO channels: every OS, Java 21. */
    NIO,
    /** Linux edge-triggered epoll over the foreign function API; an error where it cannot run. */
    EPOLL
}
