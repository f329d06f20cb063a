package io.theia.core.internal.server;

/**
 * Bounds on the regular expressions a client may send, checked before RE2/J compiles them: compiling expands
 * counted repetitions, so {@code ((a{100}){100}){100}} (20 characters) becomes a program of a million
 * instructions, and one more level runs the collector out of memory. The length is checked first, then an upper
 * bound of the program size computed from the text, then the compiled program's real size.
 *
 * @param maxLength the most characters a pattern may have
 * @param maxProgramSize the most instructions its compiled program may have
 */
public record PatternLimits(int maxLength, int maxProgramSize) {

    /** The defaults: 4096 characters, 100,000 instructions. */
    public static final PatternLimits DEFAULTS = new PatternLimits(4096, 100_000);

    /** Checks the bounds. */
    public PatternLimits {
        if (maxLength < 1 || maxProgramSize < 1) {
            throw new IllegalArgumentException("pattern limits must be positive");
        }
    }

    /**
     * Refuses a pattern that is too long or whose program would be too large, before it is compiled.
     *
     * @param key the criteria key, for the message
     * @throws CriteriaException naming the key and the limit
     */
    void check(String key, String pattern) {
        if (pattern.length() > maxLength) {
            throw new CriteriaException("'" + key + "' pattern is " + pattern.length() + " characters long; the limit "
                    + "is " + maxLength + " (server.maxPatternLength)");
        }
        if (ProgramSizeBound.of(pattern) > maxProgramSize) {
            throw tooLarge(key);
        }
    }

    /** Refuses a compiled pattern whose program is larger than the bound, in case the estimate was low. */
    void checkCompiled(String key, int programSize) {
        if (programSize > maxProgramSize) {
            throw tooLarge(key);
        }
    }

    private CriteriaException tooLarge(String key) {
        return new CriteriaException("'" + key + "' pattern would compile to more than " + maxProgramSize
                + " instructions (counted repetitions multiply); the limit is server.maxPatternProgram");
    }
}
