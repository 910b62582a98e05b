/** A netkit user's application: the README's echo server. */
module example.echo {
    requires dev.netkit.core;
}
