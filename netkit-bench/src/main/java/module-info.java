/**
 * The load generator behind {@code netkit bench}, and a few stand-alone measurements. Its API,
 * {@code dev.netkit.bench}, takes netkit's TLS client settings, so it reads the core for its users
 * too.
 */
// HdrHistogram's jar declares no module name: "HdrHistogram" is the one the JDK derives from the
// jar's file name, the same in Maven's repository and in the launcher's lib folder.
@SuppressWarnings("requires-automatic")
module dev.netkit.bench {
    requires transitive dev.netkit.core;
    requires HdrHistogram;
    // com.sun.management.OperatingSystemMXBean: the load generator's own CPU time
    requires jdk.management;

    exports dev.netkit.bench;
}
