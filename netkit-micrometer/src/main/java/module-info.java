/**
 * Micrometer meter binders for netkit: {@link dev.netkit.micrometer.ServerMetrics},
 * {@link dev.netkit.micrometer.ConnectionGroupMetrics} and {@link dev.netkit.micrometer.UdpServerMetrics}.
 */
module dev.netkit.micrometer {
    requires transitive dev.netkit.core;
    requires transitive micrometer.core;

    exports dev.netkit.micrometer;
}
