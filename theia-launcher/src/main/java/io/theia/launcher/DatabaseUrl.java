package io.theia.launcher;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original's {@code collect -U} database URL, in SQLAlchemy's form
 * {@code postgresql[+driver]://[user[:password]@]host[:port]/database[?options]}, as the jdbc store's settings
 * ({@code url}, {@code user}, {@code password}; see docs/stores.md). A JDBC URL is taken as it is. Stateless.
 */
final class DatabaseUrl {

    private static final Pattern SQLALCHEMY = Pattern.compile(
            "(?<dialect>[a-z0-9]+)(?:\\+[a-z0-9_]+)?://(?:(?<user>[^:@/]*)(?::(?<password>[^@/]*))?@)?"
                    + "(?<hosts>[^/?]+)(?<rest>/[^?]*(?:\\?.*)?)?");

    private DatabaseUrl() {
    }

    /**
     * The jdbc store's settings for a URL.
     *
     * @throws IllegalArgumentException when it is neither a PostgreSQL URL of SQLAlchemy's form nor a JDBC URL
     */
    static Map<String, String> toJdbcSettings(String url) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (url.startsWith("jdbc:")) {
            settings.put("url", url);
            return settings;
        }
        Matcher matcher = SQLALCHEMY.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("-U/--db-url '" + redacted(url) + "' is neither "
                    + "postgresql://user:password@host:port/database nor jdbc:postgresql://host:port/database");
        }
        String dialect = matcher.group("dialect");
        if (!dialect.equals("postgresql") && !dialect.equals("postgres")) {
            throw new IllegalArgumentException("-U/--db-url: the jdbc store keeps events in PostgreSQL only, not "
                    + dialect);
        }
        String rest = matcher.group("rest") == null ? "/" : matcher.group("rest");
        settings.put("url", "jdbc:postgresql://" + matcher.group("hosts") + rest);
        if (matcher.group("user") != null && !matcher.group("user").isEmpty()) {
            settings.put("user", URLDecoder.decode(matcher.group("user"), StandardCharsets.UTF_8));
        }
        if (matcher.group("password") != null) {
            settings.put("password", URLDecoder.decode(matcher.group("password"), StandardCharsets.UTF_8));
        }
        return settings;
    }

    /** The URL without its password, for messages. */
    private static String redacted(String url) {
        return url.replaceAll("(^|//)([^:@/]*):[^@/]*@", "$1$2:***@");
    }
}
