/**
 * The load generator behind {@code netkit bench}: opens connections to a server, drives an echo,
 * connect, idle or chat fan-out workload against it, and measures throughput and latency
 * percentiles, with the warm-up left out.
 *
 * <p>Describe a run with {@link dev.netkit.bench.BenchPlan#builder}, run it with
 * {@link dev.netkit.bench.Bench#run}, and print the {@link dev.netkit.bench.BenchResult} with
 * {@link dev.netkit.bench.BenchReport}:
 *
 * <pre>{@code
 * BenchPlan plan = BenchPlan.builder(BenchMode.PINGPONG, new InetSocketAddress("127.0.0.1", 9000))
 *         .connections(64).duration(Duration.ofSeconds(10)).build();
 * BenchResult result = Bench.run(plan, System.err);
 * System.out.println(BenchReport.text(result));
 * }</pre>
 */
package dev.netkit.bench;
