package io.theia.core.internal.server;

import io.theia.core.internal.security.Access;
import io.theia.core.internal.security.Role;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the bearer token of a request (an upgrade to {@code /event}, {@code /find}, {@code /live}, or
 * {@code GET /metrics}) against {@link Access}, and refuses it with 401 or 403 and a JSON body
 * {@code {"error": …, "code": "unauthorized"|"forbidden"}} ({@code docs/security.md}). Refusals are counted by
 * reason and logged with the token's name when it is known, never with the token. Thread-safe.
 */
final class AccessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(AccessCheck.class);
    private static final String BEARER = "bearer ";

    private final Access access;
    private final ServerMetrics metrics;

    AccessCheck(Access access, ServerMetrics metrics) {
        this.access = access;
        this.metrics = metrics;
    }

    /** Whether requests need a token. */
    boolean required() {
        return access.required();
    }

    /**
     * Decides on {@code request}; when it is refused, writes the refusal (completing {@code callback}) and returns
     * null, else returns the grant (with the token's name, or anonymous on an open collector).
     */
    Access.Decision.Granted check(Request request, Response response, Callback callback, Role role) {
        Access.Decision decision = access.decide(token(request), role);
        if (decision instanceof Access.Decision.Granted granted) {
            return granted;
        }
        Access.Decision.Refused refused = (Access.Decision.Refused) decision;
        metrics.accessRefused(refused.code());
        String path = Request.getPathInContext(request);
        if (refused.name() != null) {
            LOG.info("Refused {} to token '{}' from {}: {}", path, refused.name(), Request.getRemoteAddr(request),
                    refused.message());
        } else {
            LOG.info("Refused {} from {}: {}", path, Request.getRemoteAddr(request), refused.message());
        }
        response.setStatus(refused.status());
        if (refused.status() == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"theia\"");
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String body = "{\"error\": " + ControlMessages.quote(refused.message()) + ", \"code\": \"" + refused.code()
                + "\"}";
        response.write(true, BufferUtil.toBuffer(body.getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }

    /** The bearer token of the {@code Authorization} header, else of the {@code token} query parameter, or null. */
    static String token(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.length() > BEARER.length()
                && header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return header.substring(BEARER.length()).strip();
        }
        String query = request.getHttpURI().getQuery();
        if (query == null || !query.contains("token=")) {
            return null;
        }
        return Request.extractQueryParameters(request).getValue("token");
    }
}
