// A theia client over TLS written with the npm "ws" package, driven by ForeignTlsClientTest.
// usage: node ws-tls-client.js push <wss://host:port> <id>
//   trusts the PEM CA file named by THEIA_TEST_CA (none: node's default CAs), sends THEIA_TEST_TOKEN (if set) as
//   "Authorization: Bearer", pushes one event on /event?ack=1 and prints one JSON line:
//   {"reply": "<first text frame>"}, or {"status": N, "body": "..."} when the upgrade is refused,
//   or {"error": "...", "errorCode": "..."} when the connection fails (a TLS handshake refused, say).
const fs = require('fs');
const WebSocket = require('ws');

function serialize(id, timestamp, source, tags, content) {
  const header = `id:${id}\ntimestamp: ${timestamp}\nsource:${source}\ntags:${tags.join(',')}\n`;
  const headerBytes = Buffer.byteLength(header, 'utf8');
  const contentBytes = Buffer.byteLength(content, 'utf8');
  return `event: ${headerBytes + contentBytes} ${headerBytes} ${contentBytes}\n${header}${content}\n`;
}

const [mode, base, id] = process.argv.slice(2);
if (mode !== 'push') {
  console.error('unknown mode ' + mode);
  process.exit(2);
}
const options = { headers: {} };
if (process.env.THEIA_TEST_CA) {
  options.ca = fs.readFileSync(process.env.THEIA_TEST_CA);
}
if (process.env.THEIA_TEST_TOKEN) {
  options.headers.Authorization = 'Bearer ' + process.env.THEIA_TEST_TOKEN;
}
const ws = new WebSocket(base + '/event?ack=1', options);
let done = false;
const finish = (result) => {
  if (!done) {
    done = true;
    console.log(JSON.stringify(result));
  }
};
ws.on('unexpected-response', (request, response) => {
  let body = '';
  response.on('data', (chunk) => { body += chunk; });
  response.on('end', () => { finish({ status: response.statusCode, body }); process.exit(0); });
});
ws.on('error', (error) => { finish({ error: String(error.message), errorCode: String(error.code) }); });
ws.on('open', () => {
  ws.send(serialize(id, '1509989630.5', '/node/tls', ['tls'], 'over TLS from node'));
});
ws.on('message', (data) => {
  finish({ reply: data.toString('utf8') });
  ws.close(1000);
});
