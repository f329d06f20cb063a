// A theia client written with the npm "ws" package, driven by ForeignClientTest.
// usage: node ws-client.js push <ws://host:port>   -> pushes events, prints {"errors": [...]}
//        node ws-client.js find <ws://host:port> <criteria-json> -> prints {"code": N, "frames": [...]}
//        node ws-client.js live <ws://host:port> <criteria-json> <id>
//                      -> subscribes, then pushes one event with that id on /event, prints {"frames": [...]}
//                         once the first event arrived
// The client keeps ws's DEFAULT options: it offers permessage-deflate, as browsers do. Every result names the
// extensions the server accepted ("extensions", "" when it declined).
const WebSocket = require('ws');

function serialize(id, timestamp, source, tags, content) {
  const header = `id:${id}\ntimestamp: ${timestamp}\nsource:${source}\ntags:${tags.join(',')}\n`;
  const headerBytes = Buffer.byteLength(header, 'utf8');
  const contentBytes = Buffer.byteLength(content, 'utf8');
  return `event: ${headerBytes + contentBytes} ${headerBytes} ${contentBytes}\n${header}${content}\n`;
}

const [mode, base, criteria] = process.argv.slice(2);
const fail = (error) => { console.error(String(error)); process.exit(2); };

if (mode === 'push') {
  const ws = new WebSocket(base + '/event');
  const errors = [];
  ws.on('error', fail);
  ws.on('message', (data, isBinary) => {
    errors.push({ binary: isBinary, text: data.toString('utf8') });
    ws.close(1000);
  });
  ws.on('open', () => {
    // one event as a text frame, two back to back as one binary frame, then a malformed text frame
    ws.send(serialize('node-text', '1509989630.6749051', '/dev/sensors/door1-sensor',
        ['sensors', 'home'], 'Door has been unlocked ✓'));
    ws.send(Buffer.from(serialize('node-bin-1', '1509989631.0000000', '/node', [], 'first\nmultiline') +
        serialize('node-bin-2', '1509989632.5', '/node', ['x'], 'zweite 𝄞'), 'utf8'));
    ws.send('event: 1 2 3\nnot really');
  });
  ws.on('close', (code) => { console.log(JSON.stringify({ code, errors, extensions: ws.extensions })); });
} else if (mode === 'find') {
  const ws = new WebSocket(base + '/find');
  const frames = [];
  ws.on('error', fail);
  ws.on('open', () => ws.send(criteria));
  ws.on('message', (data, isBinary) => frames.push({ binary: isBinary, text: data.toString('utf8') }));
  ws.on('close', (code) => { console.log(JSON.stringify({ code, frames, extensions: ws.extensions })); });
} else if (mode === 'live') {
  const event = serialize(process.argv[5], '1509989633.25', '/node/live', ['live'], 'live ✓');
  const ws = new WebSocket(base + '/live');
  const frames = [];
  ws.on('error', fail);
  ws.on('open', () => ws.send(criteria));
  ws.on('message', (data, isBinary) => {
    frames.push({ binary: isBinary, text: data.toString('utf8') });
    if (!isBinary) {
      const pusher = new WebSocket(base + '/event');
      pusher.on('error', fail);
      pusher.on('open', () => pusher.send(Buffer.from(event, 'utf8'), () => pusher.close(1000)));
    } else {
      ws.close(1000);
    }
  });
  ws.on('close', (code) => { console.log(JSON.stringify({ code, frames, extensions: ws.extensions })); });
} else {
  fail('unknown mode ' + mode);
}
