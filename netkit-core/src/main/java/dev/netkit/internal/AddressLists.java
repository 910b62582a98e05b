package dev.netkit.internal;

import dev.netkit.AddressRange;

import java.net.InetAddress;
import java.util.List;

/**
 * Allow and deny lists of address ranges: an address on the deny list is refused; when the allow
 * list is not empty, an address must be on it. Immutable.
 */
record AddressLists(List<AddressRange> allow, List<AddressRange> deny) {

    AddressLists {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    boolean admits(InetAddress address) {
        if (deny.stream().anyMatch(r -> r.contains(address))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(r -> r.contains(address));
    }
}
