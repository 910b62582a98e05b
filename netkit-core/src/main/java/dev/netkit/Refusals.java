package dev.netkit;

/**
 * How many connections a server has refused since it started, by reason. A refused peer is closed
 * right after it is accepted, before any TLS handshake and before the handler sees it.
 *
 * @param denied by the allow and deny lists
 * @param overPerAddressLimit because its address had as many connections open as allowed
 * @param overRateLimit because its address connected faster than allowed
 */
public record Refusals(long denied, long overPerAddressLimit, long overRateLimit) {

    /** All refusals. */
    public long total() {
        return denied + overPerAddressLimit + overRateLimit;
    }
}
