package io.theia.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the wire protocol's control messages and the HTTP endpoints (the client's and the
 * server's), with Jackson's defaults. Thread-safe; never reconfigure it. Criteria are read with a stricter mapper of
 * their own ({@code CriteriaParser}), configuration with {@code ConfigMappers}.
 */
public final class WireJson {

    /** The shared mapper. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private WireJson() {
    }
}
