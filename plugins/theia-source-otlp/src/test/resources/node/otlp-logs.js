// Emits two log records through the OpenTelemetry JS SDK's OTLP/HTTP JSON exporter and prints the export result.
// Usage: node otlp-logs.js <url of /v1/logs> <service.name>
const { LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-http');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { SeverityNumber } = require('@opentelemetry/api-logs');

const [url, service] = process.argv.slice(2);
const results = [];
const pending = [];
const exporter = new OTLPLogExporter({ url });
// The exporter, reporting each export's result; the processor does not wait for exports, so this does.
const reporting = {
  export(records, done) {
    pending.push(new Promise((resolve) => {
      exporter.export(records, (result) => {
        results.push({ code: result.code, error: result.error ? String(result.error) : undefined });
        done(result);
        resolve();
      });
    }));
  },
  shutdown: () => exporter.shutdown(),
  forceFlush: () => exporter.forceFlush(),
};
const provider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': service }),
  processors: [new SimpleLogRecordProcessor({ exporter: reporting })],
});
const logger = provider.getLogger('node-test');
logger.emit({
  timestamp: [1767225600, 123456789],
  severityNumber: SeverityNumber.ERROR,
  severityText: 'ERROR',
  body: 'from node',
  attributes: { 'user.id': 7 },
});
logger.emit({
  timestamp: [1767225601, 1],
  severityNumber: SeverityNumber.INFO,
  body: { structured: true, n: [1, 2] },
});

(async () => {
  await provider.forceFlush();
  await Promise.all(pending);
  await provider.shutdown();
  console.log(JSON.stringify({ results }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
