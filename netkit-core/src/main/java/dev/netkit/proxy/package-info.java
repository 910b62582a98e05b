/**
 * The PROXY protocol (versions 1 and 2), by which a load balancer in TCP mode tells a backend
 * who the client is: {@link dev.netkit.proxy.ProxyProtocol} for a server that takes headers,
 * {@link dev.netkit.proxy.ProxyHeader} for a header read or sent.
 */
package dev.netkit.proxy;
