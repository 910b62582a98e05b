package dev.netkit.bench;

/**
 * What a load has moved and lost so far: the counters of the echo and connect workloads, and the
 * part of the fan-out workload's that they share.
 *
 * @param bytesIn  bytes read
 * @param bytesOut bytes written
 * @param errors   connections that failed or were closed by the server
 */
record Traffic(long bytesIn, long bytesOut, long errors) implements Sampling.Counters {

    static final Traffic NONE = new Traffic(0, 0, 0);

    Traffic plus(Traffic other) {
        return new Traffic(bytesIn + other.bytesIn, bytesOut + other.bytesOut, errors + other.errors);
    }
}
