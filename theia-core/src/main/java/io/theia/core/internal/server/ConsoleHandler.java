package io.theia.core.internal.server;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web console ({@code docs/console.md}): {@code GET /} is its page, {@code GET /console/<file>} its
 * scripts and styles, from {@link ConsoleAssets}. Every answer carries a strong ETag and {@code Cache-Control:
 * no-cache}, so a browser revalidates and gets {@code 304 Not Modified} while the file is unchanged. When the
 * {@code theia-console} jar is not on the class path, {@code /} answers 404 naming it. Thread-safe.
 */
final class ConsoleHandler extends Handler.Abstract {

    /** The path prefix of the console's files. */
    static final String PREFIX = "/console/";

    private static final String POLICY = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ConsoleAssets assets;

    ConsoleHandler(ConsoleAssets assets) {
        this.assets = assets;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String name;
        if (path.equals("/") || path.equals("/index.html")) {
            name = ConsoleAssets.INDEX;
        } else if (path.startsWith(PREFIX)) {
            name = path.substring(PREFIX.length());
        } else {
            return false;
        }
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    path + " answers GET only");
            return true;
        }
        Optional<ConsoleAssets.Asset> found = assets.find(name);
        if (found.isEmpty()) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, name.equals(ConsoleAssets.INDEX)
                    ? "the web console is not installed: theia-console is not on the class path"
                    : "no such console file: " + name);
            return true;
        }
        ConsoleAssets.Asset asset = found.get();
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (name.equals(ConsoleAssets.INDEX)) {
            response.getHeaders().put("Content-Security-Policy", POLICY);
            response.getHeaders().put("Referrer-Policy", "no-referrer");
        }
        if (asset.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(true, head ? null : ByteBuffer.wrap(asset.bytes()).asReadOnlyBuffer(), callback);
        return true;
    }
}
