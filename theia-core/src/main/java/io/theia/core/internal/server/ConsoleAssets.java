package io.theia.core.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's static files, read from the class path under {@value #BASE} (the {@code theia-console} jar) and
 * kept in memory with an ETag each once read. Names are plain file names; anything else is not an asset.
 * Thread-safe.
 */
final class ConsoleAssets {

    /** Where the assets live on the class path. */
    static final String BASE = "io/theia/console/";
    /** The page served at {@code /}. */
    static final String INDEX = "index.html";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8",
            "json", "application/json");

    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The asset of that name, or empty when there is none (or the name is not a plain file name). */
    Optional<Asset> find(String name) {
        if (!NAME.matcher(name).matches() || !TYPES.containsKey(extension(name))) {
            return Optional.empty();
        }
        Optional<Asset> cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        // Only files that exist are kept: names asked for in vain would otherwise fill the cache without bound.
        Optional<Asset> loaded = load(name);
        loaded.ifPresent(asset -> cache.putIfAbsent(name, loaded));
        return loaded;
    }

    /** How many files are kept in memory. */
    int cached() {
        return cache.size();
    }

    private Optional<Asset> load(String name) {
        try (InputStream in = loader.getResourceAsStream(BASE + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, etag(bytes), TYPES.get(extension(name))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console asset " + BASE + name, e);
        }
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * One file.
     *
     * @param bytes its content
     * @param etag its strong ETag, quoted, derived from the content
     * @param contentType its media type
     */
    record Asset(byte[] bytes, String etag, String contentType) {

        /** Whether an {@code If-None-Match} header value names this asset's ETag (or {@code *}). */
        boolean matches(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String tag : ifNoneMatch.split(",")) {
                String trimmed = tag.strip();
                if (trimmed.startsWith("W/")) {
                    trimmed = trimmed.substring(2);
                }
                if (trimmed.equals("*") || trimmed.equals(etag)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "Asset[" + contentType + ", " + bytes.length + " bytes, " + etag + "]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Asset that && etag.equals(that.etag) && contentType.equals(that.contentType);
        }

        @Override
        public int hashCode() {
            return etag.hashCode();
        }
    }

}
