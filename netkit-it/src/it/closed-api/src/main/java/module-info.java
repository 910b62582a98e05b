/** Wants netkit's internals, and must not get them. */
module example.sneaky {
    requires dev.netkit.core;
}
