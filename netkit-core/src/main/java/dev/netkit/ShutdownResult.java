package dev.netkit;

import java.time.Duration;

/**
 * How a {@link Server#stop(Duration)} went.
 *
 * @param graceful true when every connection finished within the grace period
 * @param forcedConnections how many connections were still open at the deadline and were closed
 * @param elapsed how long the stop took
 */
public record ShutdownResult(boolean graceful, int forcedConnections, Duration elapsed) {
}
