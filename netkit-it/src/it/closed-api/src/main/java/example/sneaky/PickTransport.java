package example.sneaky;

import dev.netkit.TransportType;
import dev.netkit.internal.Transports;

/** Calls the core's transport selection directly, which the core does not export. */
public final class PickTransport {

    private PickTransport() {
    }

    public static void main(String[] args) {
        System.out.println(Transports.select(TransportType.AUTO));
    }
}
