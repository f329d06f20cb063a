package io.theia.core.internal.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theia.core.internal.WireJson;
import io.theia.core.internal.security.Role;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Plain HTTP on the collector's port: {@code GET /health} (200 or 503 with a JSON body) and {@code GET /metrics}
 * (Prometheus text format). Any other request is left to Jetty's 404. {@code /health} is always open and adds how
 * clients are authenticated ({@code "auth": "token"|"none"}) and whether the port speaks TLS; {@code /metrics} needs
 * a token with the {@code admin} role when the collector has tokens ({@link AccessCheck}). Thread-safe.
 */
final class HttpEndpoints extends Handler.Abstract {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final ObjectMapper JSON = WireJson.MAPPER;

    private final HealthCheck health;
    private final PrometheusMeterRegistry metrics;
    private final AccessCheck access;
    private final Map<String, Object> securityDetails;

    HttpEndpoints(HealthCheck health, PrometheusMeterRegistry metrics) {
        this(health, metrics, null, Map.of());
    }

    /**
     * With {@code access} checking {@code /metrics} (null: open) and {@code securityDetails} added to every
     * {@code /health} body.
     */
    HttpEndpoints(HealthCheck health, PrometheusMeterRegistry metrics, AccessCheck access,
            Map<String, Object> securityDetails) {
        this.health = health;
        this.metrics = metrics;
        this.access = access;
        this.securityDetails = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(securityDetails));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        String path = Request.getPathInContext(request);
        if (!path.equals("/health") && !path.equals("/metrics")) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    path + " answers GET only");
            return true;
        }
        if (path.equals("/health")) {
            HealthCheck.Health state = health.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", state.healthy() ? "ok" : "unavailable");
            body.putAll(state.details());
            body.putAll(securityDetails);
            response.setStatus(state.healthy() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503);
            write(response, "application/json", JSON.writeValueAsString(body), callback);
        } else if (access == null || access.check(request, response, callback, Role.ADMIN) != null) {
            write(response, PROMETHEUS_TEXT, metrics.scrape(), callback);
        }
        return true;
    }

    private static void write(Response response, String contentType, String body, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, BufferUtil.toBuffer(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
