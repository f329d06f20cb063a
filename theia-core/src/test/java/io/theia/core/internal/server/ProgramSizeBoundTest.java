package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramSizeBoundTest {

    /** The bound is never below what RE2/J really compiles, for the shapes patterns take. */
    @ParameterizedTest
    @ValueSource(strings = {"", "a", "abc", "ERROR.*timeout", "^/var/log/[a-z]+\\.log$", "a|b|c", "(a|b)*c+d?",
        "a{3}", "a{2,5}", "a{2,}", "(ab){10}", "((a{10}){10}){10}", "[a-z0-9_]{1,64}", "\\d{4}-\\d{2}-\\d{2}",
        "(?i)error", "\\p{Greek}+", "\\x{41}{5}", "[[:alpha:]]{7}", "(a(b(c(d){2}){2}){2}){2}", "x{0}", "a{,3}",
        "(?:foo|bar){3,7}baz", "\\Qa{5}\\E", "[\\]{]{4}", "\\{3}"})
    void isAtLeastTheCompiledSize(String pattern) {
        assertThat(ProgramSizeBound.of(pattern)).as(pattern)
                .isGreaterThanOrEqualTo(Pattern.compile(pattern).programSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"((a{100}){100}){100}", "((((a{1000}){1000}){1000}){1000})", "(x{999}){999}"})
    void nestedRepetitionsMultiplyBeyondTheDefaultLimitWithoutCompiling(String pattern) {
        assertThat(ProgramSizeBound.of(pattern)).isGreaterThan(PatternLimits.DEFAULTS.maxProgramSize());
    }
}
