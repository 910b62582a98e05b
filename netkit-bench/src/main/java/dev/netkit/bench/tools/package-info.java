/**
 * Stand-alone measurements, each a {@code main} to run by hand from {@code netkit-bench/target}:
 * {@link dev.netkit.bench.tools.TlsBenchmark} (TLS echo throughput, handshakes per second, heap
 * per connection), {@link dev.netkit.bench.tools.FanOutMeasurement} (a group broadcast's
 * deliveries per second) and {@link dev.netkit.bench.tools.EchoBenchServer} (a raw echo server on
 * one chosen transport, for an outside load generator). Not exported: they are programs, not API.
 */
package dev.netkit.bench.tools;
