/**
 * The {@code netkit} command: serve the ready-made services, connect as nc does, measure with
 * bench, make test certificates.
 */
module dev.netkit.cli {
    requires dev.netkit.core;
    requires dev.netkit.services;
    requires dev.netkit.redis;
    requires java.logging;
    requires info.picocli;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires dev.netkit.bench;
    requires dev.netkit.micrometer;
    requires micrometer.registry.prometheus;
    requires jdk.httpserver;

    // picocli reads and sets the annotated option fields reflectively
    opens dev.netkit.cli to info.picocli;

    provides java.lang.System.LoggerFinder with dev.netkit.cli.CliLogging;
}
