/**
 * The {@code otlp} source plugin: an OTLP/HTTP logs receiver ({@code POST /v1/logs}, protobuf and JSON, gzip)
 * that delivers each log record as an event and answers only once the events are durably stored. Entry points:
 * {@link io.theia.source.otlp.OtlpSourceFactory} and {@link io.theia.source.otlp.OtlpSourceConfig}; see
 * docs/otlp.md.
 */
package io.theia.source.otlp;
