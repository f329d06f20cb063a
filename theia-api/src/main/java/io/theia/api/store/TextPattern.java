package io.theia.api.store;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A regular expression of an {@link EventQuery} criterion ({@code content}, {@code source} or {@code id}), in RE2
 * syntax and with RE2 semantics: matching runs in time linear in the text, whatever the expression (no
 * backtracking, so no back-references or look-arounds), which is what lets a collector run patterns its clients
 * send. The implementation (RE2/J) is not part of the API: only the expression's text and {@link #find} are.
 *
 * <p>Immutable and thread-safe; equal when the expressions' texts are equal.
 */
public final class TextPattern {

    private static final int QUOTED_CHARACTERS = 40;

    private final Pattern compiled;

    private TextPattern(Pattern compiled) {
        this.compiled = compiled;
    }

    /**
     * Compiles an expression.
     *
     * @param regex the expression, RE2 syntax
     * @throws IllegalArgumentException when it does not compile, saying why and quoting at most 40 characters of it
     */
    public static TextPattern compile(String regex) {
        return compile(regex, "pattern");
    }

    /** {@link #compile(String)}, naming the expression {@code what} (e.g. {@code content pattern}) in errors. */
    static TextPattern compile(String regex, String what) {
        Objects.requireNonNull(regex, "regex is null");
        try {
            return new TextPattern(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            // The exception's own message repeats the whole pattern, which may be megabytes a client sent.
            throw new IllegalArgumentException("invalid " + what + " '" + quoted(regex) + "': " + e.getDescription(),
                    e);
        }
    }

    /** The expression's text, as given. */
    public String pattern() {
        return compiled.pattern();
    }

    /** Whether {@code text} contains a match somewhere (the expression is not anchored). */
    public boolean find(CharSequence text) {
        return compiled.matcher(text).find();
    }

    /**
     * The number of instructions of the compiled program: matching costs time proportional to it times the length
     * of the text, and memory proportional to it. A collector limits it for patterns its clients send.
     */
    public int programSize() {
        return compiled.programSize();
    }

    private static String quoted(String text) {
        return text.length() > QUOTED_CHARACTERS ? text.substring(0, QUOTED_CHARACTERS) + "…" : text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextPattern that && pattern().equals(that.pattern());
    }

    @Override
    public int hashCode() {
        return pattern().hashCode();
    }

    @Override
    public String toString() {
        return pattern();
    }
}
