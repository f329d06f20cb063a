package io.theia.core.internal.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The token file of a collector: one token per line, {@code NAME ROLES sha256:HEX}, e.g.
 * {@code web-1 ingest sha256:5e88…}, where {@code ROLES} is a comma-separated set of {@code ingest}, {@code query}
 * and {@code admin}, and {@code HEX} the SHA-256 of the token's UTF-8 bytes in lower-case hex. Blank lines and lines
 * starting with {@code #} are ignored. Only hashes are stored, so the file does not give the tokens away; tokens are
 * 256 random bits ({@link #newToken}), for which a plain SHA-256 is as good as a slow password hash.
 *
 * <p>Names must be unique (they identify a token in logs and metrics), and so must hashes. Immutable.
 */
public final class TokenFile {

    /** The prefix of every generated token, which makes a leaked one easy to find (in logs, in repositories). */
    public static final String TOKEN_PREFIX = "theia_";
    private static final String HASH_PREFIX = "sha256:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Entry> entries;

    private TokenFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** One token: its name, roles and the SHA-256 of the token. */
    public record Entry(String name, Set<Role> roles, byte[] hash) {

        /** Copies the roles and the hash. */
        public Entry {
            roles = Set.copyOf(roles);
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }
    }

    /**
     * Reads a token file.
     *
     * @throws TokenFileException naming the file and the number of the first bad line, or why it cannot be read
     */
    public static TokenFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenFileException("cannot read the token file " + file + ": " + e, 0, e);
        }
        return parse(lines, file.toString());
    }

    /**
     * Parses the lines of a token file; {@code origin} names it in errors.
     *
     * @throws TokenFileException naming the number of the first bad line and what is wrong with it
     */
    public static TokenFile parse(List<String> lines, String origin) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw bad(origin, number, "expected NAME ROLES sha256:HEX (three fields), found " + fields.length
                        + " field" + (fields.length == 1 ? "" : "s"));
            }
            if (!NAME.matcher(fields[0]).matches()) {
                throw bad(origin, number, "the name '" + fields[0] + "' is not 1-100 letters, digits or ._@-");
            }
            if (!names.add(fields[0])) {
                throw bad(origin, number, "the name '" + fields[0] + "' is used by an earlier line");
            }
            Set<Role> roles;
            try {
                roles = roles(fields[1]);
            } catch (IllegalArgumentException e) {
                throw bad(origin, number, e.getMessage());
            }
            String hash = fields[2].toLowerCase(java.util.Locale.ROOT);
            if (!hash.startsWith(HASH_PREFIX) || !HEX.matcher(hash.substring(HASH_PREFIX.length())).matches()) {
                throw bad(origin, number, "the hash must be sha256: followed by 64 hex digits");
            }
            if (!hashes.add(hash)) {
                throw bad(origin, number, "the same token as an earlier line");
            }
            entries.add(new Entry(fields[0], roles, HexFormat.of().parseHex(hash.substring(HASH_PREFIX.length()))));
        }
        return new TokenFile(entries);
    }

    /**
     * Roles from their comma-separated labels, e.g. {@code ingest,query}.
     *
     * @throws IllegalArgumentException for an unknown or missing role
     */
    public static Set<Role> roles(String labels) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String label : labels.split(",")) {
            if (!label.isBlank()) {
                roles.add(Role.of(label));
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given; roles are ingest, query, admin");
        }
        return roles;
    }

    private static TokenFileException bad(String origin, int line, String problem) {
        return new TokenFileException("token file " + origin + ", line " + line + ": " + problem, line, null);
    }

    /** The tokens, in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** A new random token: {@value #TOKEN_PREFIX} and 256 random bits in URL-safe Base64. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of the token's UTF-8 bytes. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The token file line for {@code token}: {@code NAME ROLES sha256:HEX}. */
    public static String line(String name, Set<Role> roles, String token) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the name '" + name + "' is not 1-100 letters, digits or ._@-");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("no role given; roles are ingest, query, admin");
        }
        String labels = EnumSet.copyOf(roles).stream().map(Role::label).collect(Collectors.joining(","));
        return name + " " + labels + " " + HASH_PREFIX + HexFormat.of().formatHex(hash(token));
    }
}
