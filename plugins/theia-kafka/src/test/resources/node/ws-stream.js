// A /find or /live client written with the npm "ws" package (default options, as browsers and the original's users
// have), driven by FederatedLiveTest.
// usage: node ws-stream.js <ws://host:port/find|/live> <criteria-json>
// Prints one JSON line per frame as it arrives, {"binary": bool, "text": "<frame as UTF-8>"}, and when the server
// closes {"close": code, "reason": "..."}; then exits. A /live client is ended by its parent killing it.
const WebSocket = require('ws');

const [url, criteria] = process.argv.slice(2);
const ws = new WebSocket(url);
ws.on('error', (error) => { console.log(JSON.stringify({ error: String(error) })); process.exit(2); });
ws.on('open', () => ws.send(criteria));
ws.on('message', (data, isBinary) => {
  console.log(JSON.stringify({ binary: isBinary, text: data.toString('utf8') }));
});
ws.on('close', (code, reason) => {
  console.log(JSON.stringify({ close: code, reason: reason.toString('utf8') }));
  process.exit(0);
});
