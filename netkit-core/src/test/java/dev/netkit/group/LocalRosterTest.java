package dev.netkit.group;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Roster#local()}: names unique regardless of case, and their count without a copy. */
class LocalRosterTest {

    @Test
    void theCountFollowsClaimsRenamesAndReleases() {
        try (Roster roster = Roster.local()) {
            assertThat(roster.count()).isZero();
            assertThat(roster.claim("alice")).isTrue();
            assertThat(roster.claim("Bob")).isTrue();
            assertThat(roster.claim("ALICE")).isFalse();
            assertThat(roster.count()).isEqualTo(2).isEqualTo(roster.names().size());
            assertThat(roster.rename("Bob", "carol")).isEmpty();
            assertThat(roster.names()).containsExactly("alice", "carol");
            assertThat(roster.count()).isEqualTo(2);
            roster.release("alice");
            assertThat(roster.count()).isEqualTo(1);
            roster.close();
            assertThat(roster.count()).isZero();
        }
    }
}
