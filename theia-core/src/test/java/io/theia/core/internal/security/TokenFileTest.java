package io.theia.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFileTest {

    @Test
    void aLineMadeForATokenGrantsItsRolesAndNothingElse() {
        String token = TokenFile.newToken();
        Access access = Access.of(TokenFile.parse(List.of("# comment", "",
                TokenFile.line("web-1", Set.of(Role.INGEST, Role.QUERY), token)), "test"));

        assertThat(token).startsWith("theia_").hasSize("theia_".length() + 43);
        assertThat(access.decide(token, Role.INGEST)).isEqualTo(new Access.Decision.Granted("web-1"));
        assertThat(access.decide(token, Role.QUERY)).isEqualTo(new Access.Decision.Granted("web-1"));
        assertThat(access.decide(token, Role.ADMIN)).isInstanceOfSatisfying(Access.Decision.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("forbidden");
            assertThat(refused.name()).isEqualTo("web-1");
            assertThat(refused.message()).doesNotContain(token);
        });
        assertThat(access.decide(token + "x", Role.INGEST)).isInstanceOfSatisfying(Access.Decision.Refused.class,
                refused -> assertThat(refused.status()).isEqualTo(401));
        assertThat(access.decide(null, Role.INGEST)).isInstanceOfSatisfying(Access.Decision.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo("unauthorized"));
    }

    @Test
    void theLineHoldsOnlyTheHash() {
        String token = TokenFile.newToken();
        String line = TokenFile.line("a", Set.of(Role.ADMIN, Role.INGEST), token);

        assertThat(line).doesNotContain(token).matches("a ingest,admin sha256:[0-9a-f]{64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "only-two ingest",
        "bad/name ingest sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "x ingest,reboot sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "x ingest md5:00000000000000000000000000000000",
        "x ingest sha256:00000000",
        "x , sha256:0000000000000000000000000000000000000000000000000000000000000000",
    })
    void aBadLineIsRefusedWithItsNumber(String bad) {
        List<String> lines = List.of("# tokens", TokenFile.line("ok", Set.of(Role.QUERY), TokenFile.newToken()), bad);

        assertThatThrownBy(() -> TokenFile.parse(lines, "tokens.txt"))
                .isInstanceOfSatisfying(TokenFileException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("token file tokens.txt, line 3: ");
    }

    @Test
    void duplicateNamesAndTokensAreRefused() {
        String token = TokenFile.newToken();
        assertThatThrownBy(() -> TokenFile.parse(List.of(TokenFile.line("a", Set.of(Role.QUERY), token),
                TokenFile.line("a", Set.of(Role.QUERY), TokenFile.newToken())), "t"))
                .hasMessageContaining("line 2").hasMessageContaining("'a' is used by an earlier line");
        assertThatThrownBy(() -> TokenFile.parse(List.of(TokenFile.line("a", Set.of(Role.QUERY), token),
                TokenFile.line("b", Set.of(Role.INGEST), token)), "t"))
                .hasMessageContaining("line 2").hasMessageContaining("same token");
    }

    @Test
    void anOpenCollectorGrantsEveryoneAnonymously() {
        assertThat(Access.open().required()).isFalse();
        assertThat(Access.open().decide(null, Role.ADMIN)).isEqualTo(Access.Decision.Granted.ANONYMOUS);
    }

    @Test
    void anIngestLimitRefusesBeyondOneSecondsWorthAndRefillsWithTime() {
        long[] now = {0};
        IngestLimits limits = new IngestLimits(100, 1_000_000, () -> now[0]);
        IngestLimits.Limiter a = limits.forToken("a");
        IngestLimits.Limiter b = limits.forToken("b");

        assertThat(a.tryAcquire(60, 10)).isTrue();
        assertThat(a.tryAcquire(60, 10)).as("40 left").isFalse();
        assertThat(b.tryAcquire(100, 10)).as("another token's bucket").isTrue();
        now[0] += 200_000_000L; // 0.2 s: 20 more
        assertThat(a.tryAcquire(60, 10)).isTrue();
        assertThat(a.tryAcquire(1, 10)).isFalse();
        now[0] += 10_000_000_000L;
        assertThat(a.tryAcquire(500, 10)).as("larger than the bucket: passes when full").isTrue();
        assertThat(a.tryAcquire(1, 10)).as("and leaves it in debt").isFalse();
        assertThat(limits.forToken(null).tryAcquire(Integer.MAX_VALUE, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void theBytesLimitRefusesWithoutSpendingTheEvents() {
        long[] now = {0};
        IngestLimits limits = new IngestLimits(100, 1000, () -> now[0]);
        IngestLimits.Limiter a = limits.forToken("a");

        assertThat(a.tryAcquire(1, 900)).isTrue();
        assertThat(a.tryAcquire(1, 900)).isFalse();
        assertThat(a.tryAcquire(99, 100)).as("the refused message's event was given back").isTrue();
    }
}
