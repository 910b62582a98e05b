/**
 * Ready-made netkit services: the knock-knock joke server, echo, chat, and the classic UDP
 * services (echo, discard, daytime, time, chargen).
 */
module dev.netkit.services {
    requires transitive dev.netkit.core;

    exports dev.netkit.services;
    exports dev.netkit.services.udp;
}
