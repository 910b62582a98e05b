package dev.netkit;

import dev.netkit.internal.AccessFilter;

import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The who-may-connect settings a {@link Server.Builder} collects, checked as they come. */
final class AccessOptions {

    private final List<AddressRange> allow = new ArrayList<>();
    private final List<AddressRange> deny = new ArrayList<>();
    private int maxPerAddress;
    private int maxRate;
    private Set<PosixFilePermission> unixPermissions;

    void allow(AddressRange range) {
        allow.add(Objects.requireNonNull(range, "range"));
    }

    void deny(AddressRange range) {
        deny.add(Objects.requireNonNull(range, "range"));
    }

    void maxPerAddress(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must not be negative, got " + max);
        }
        this.maxPerAddress = max;
    }

    void maxRate(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("maxAcceptRatePerAddress must not be negative, got " + perSecond);
        }
        this.maxRate = perSecond;
    }

    void unixPermissions(Set<PosixFilePermission> permissions) {
        this.unixPermissions = Set.copyOf(Objects.requireNonNull(permissions, "permissions"));
    }

    /** The permissions to give Unix socket files, or null to leave them as the umask makes them. */
    Set<PosixFilePermission> unixPermissions() {
        return unixPermissions;
    }

    AccessFilter.Rules rules() {
        return new AccessFilter.Rules(allow, deny, maxPerAddress, maxRate);
    }
}
