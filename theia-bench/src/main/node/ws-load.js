// Load generator for a theia collector, written with the npm "ws" package (version 8) and its DEFAULT options,
// i.e. the client offers permessage-deflate exactly as browsers and the original's Python client do.
// Every figure is printed as one JSON line, so that a run can be compared with the same client against a
// trivial ws server ("trivial" mode below) in the same run. See docs/benchmarks.md, "Foreign clients".
//
//   node ws-load.js trivial <port>                        a trivial ws server: /event stores frames in memory,
//                                                          /find streams them back, /live broadcasts new ones,
//                                                          GET /metrics counts them (theia_events_stored_total)
//   node ws-load.js ingest <ws://host:port> <events> <connections>
//                                                          1 event per binary frame, until the server's
//                                                          theia_events_stored_total has grown by <events>
//   node ws-load.js find <ws://host:port> <expected> [criteria-json]
//                                                          one /find, counts binary frames until the close
//   node ws-load.js live <ws://host:port> <subscribers> <rate> <seconds>
//                                                          /live latency: one pusher at <rate> events/s
//
// Options: TRIVIAL_DEFLATE=1 makes the trivial server accept permessage-deflate (ws's server default declines it).
// WS_DEFLATE=0 passes {perMessageDeflate: false} (for comparison); anything else keeps ws's defaults.
'use strict';
const http = require('http');
const WebSocket = require('ws');

const clientOptions = process.env.WS_DEFLATE === '0' ? { perMessageDeflate: false } : {};
const CONTENT = '127.0.0.1 - - [06/Nov/2017:17:33:50 +0000] "GET /index.html HTTP/1.1" 200 3042 "-" '
    + '"Mozilla/5.0 (X11; Linux x86_64)"';

function serialize(id, seconds, source, tags, content) {
  const header = `id:${id}\ntimestamp: ${seconds}\nsource:${source}\ntags:${tags.join(',')}\n`;
  const headerBytes = Buffer.byteLength(header, 'utf8');
  const contentBytes = Buffer.byteLength(content, 'utf8');
  return Buffer.from(`event: ${headerBytes + contentBytes} ${headerBytes} ${contentBytes}\n${header}${content}\n`);
}

function nowSeconds() {
  return (Date.now() / 1000).toFixed(6);
}

function idOf(frame) {
  const start = frame.indexOf('\nid:') + 4;
  return frame.toString('latin1', start, frame.indexOf(10, start));
}

function print(result) {
  console.log(JSON.stringify(result));
}

function fail(error) {
  console.error(String(error && error.stack || error));
  process.exit(2);
}

function storedCount(base) {
  const url = base.replace(/^ws/, 'http') + '/metrics';
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => {
        const line = body.split('\n').find((l) => l.startsWith('theia_events_stored_total'));
        resolve(line ? Number(line.split(' ').pop()) : 0);
      });
    }).on('error', reject);
  });
}

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, clientOptions);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function extensions(ws) {
  return ws.extensions || '';
}

// --- trivial server ---------------------------------------------------------------------------------------

function trivial(port) {
  const stored = [];
  const live = new Set();
  const server = http.createServer((request, response) => {
    if (request.url === '/metrics') {
      response.end(`theia_events_stored_total ${stored.length}\n`);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  // ws's default server options decline permessage-deflate; TRIVIAL_DEFLATE=1 accepts it
  const wss = new WebSocket.Server({ server, perMessageDeflate: process.env.TRIVIAL_DEFLATE === '1' });
  wss.on('connection', (ws, request) => {
    const path = request.url.split('?')[0];
    if (path === '/event') {
      ws.on('message', (data) => {
        stored.push(data);
        for (const subscriber of live) {
          subscriber.send(data, { binary: true });
        }
      });
    } else if (path === '/find') {
      ws.once('message', () => {
        ws.send('ok');
        let i = 0;
        const more = () => {
          // keep about 1 MiB queued, as a server honouring back-pressure would
          while (i < stored.length && ws.bufferedAmount < 1 << 20) {
            ws.send(stored[i++], { binary: true });
          }
          if (i < stored.length) {
            setImmediate(more);
          } else {
            ws.close(1000);
          }
        };
        more();
      });
    } else if (path === '/live') {
      ws.once('message', () => {
        ws.send('ok');
        live.add(ws);
      });
      ws.on('close', () => live.delete(ws));
    } else {
      ws.close(1008);
    }
  });
  server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ trivial: server.address().port })));
}

// --- ingest -----------------------------------------------------------------------------------------------

async function ingest(base, total, connections) {
  const before = await storedCount(base);
  const run = Date.now().toString(36);
  const perConnection = Math.floor(total / connections);
  const sockets = [];
  for (let c = 0; c < connections; c++) {
    sockets.push(await open(base + '/event'));
  }
  const started = process.hrtime.bigint();
  let replies = 0;
  const sent = sockets.map((ws, c) => new Promise((resolve) => {
    ws.on('message', () => { replies++; });
    let i = 0;
    let outstanding = 0;
    const pump = () => {
      // at most 1000 frames handed to ws whose write has not completed
      while (i < perConnection && outstanding < 1000) {
        outstanding++;
        ws.send(serialize(`${run}-${c}-${i}`, nowSeconds(), '/bench/ws', ['bench', run], CONTENT),
            { binary: true }, () => {
              outstanding--;
              if (i < perConnection) {
                if (outstanding < 500) pump();
              } else if (outstanding === 0) {
                resolve();
              }
            });
        i++;
      }
    };
    pump();
  }));
  await Promise.all(sent);
  const written = process.hrtime.bigint();
  const expected = before + perConnection * connections;
  let stored = before;
  while (stored < expected) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    stored = await storedCount(base);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ext = extensions(sockets[0]);
  sockets.forEach((ws) => ws.close(1000));
  print({
    scenario: 'ingest', events: perConnection * connections, connections, seconds,
    eventsPerSecond: Math.round(perConnection * connections / seconds),
    writtenSeconds: Number(written - started) / 1e9, replies, extensions: ext,
  });
}

// --- find -------------------------------------------------------------------------------------------------

async function find(base, expected, criteria) {
  const started = process.hrtime.bigint();
  const ws = new WebSocket(base + '/find', clientOptions);
  let frames = 0;
  let text = [];
  ws.on('error', fail);
  ws.on('open', () => ws.send(criteria || '{}'));
  ws.on('message', (data, isBinary) => {
    if (isBinary) frames++; else text.push(data.toString());
  });
  ws.on('close', (code) => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    print({
      scenario: 'find', events: frames, expected, code, seconds, eventsPerSecond: Math.round(frames / seconds),
      extensions: extensions(ws), text: text.slice(0, 3),
    });
    if (frames !== expected) process.exitCode = 1;
  });
}

// --- live -------------------------------------------------------------------------------------------------

async function live(base, subscribers, rate, seconds) {
  const run = 'live' + Date.now().toString(36);
  const total = rate * seconds;
  const sentAt = new Array(total);
  const latencies = [];
  const received = new Array(subscribers).fill(0);
  let dropped = 0;
  const subs = [];
  for (let s = 0; s < subscribers; s++) {
    const ws = await open(base + '/live');
    await new Promise((resolve, reject) => {
      ws.once('message', (data) => (data.toString() === 'ok' ? resolve() : reject(new Error(data.toString()))));
      ws.send(JSON.stringify({ tags: [run] }));
    });
    ws.on('message', (data, isBinary) => {
      const now = process.hrtime.bigint();
      if (!isBinary) {
        const reply = JSON.parse(data.toString());
        if (reply.dropped) dropped += reply.dropped;
        return;
      }
      const seq = Number(idOf(data).split('-').pop());
      latencies.push(Number(now - sentAt[seq]) / 1e6);
      received[s]++;
    });
    subs.push(ws);
  }
  const pusher = await open(base + '/event');
  const started = process.hrtime.bigint();
  const interval = 1e9 / rate;
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(Number(process.hrtime.bigint() - started) / interval) + 1);
      while (next < due) {
        sentAt[next] = process.hrtime.bigint();
        pusher.send(serialize(`${run}-${next}`, nowSeconds(), '/bench/live', [run], CONTENT), { binary: true });
        next++;
      }
      if (next < total) setTimeout(tick, 1); else resolve();
    };
    tick();
  });
  const deadline = Date.now() + 30000;
  while (received.reduce((a, b) => a + b, 0) + dropped < total * subscribers && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? +latencies[Math.min(latencies.length - 1,
      Math.ceil(latencies.length * p) - 1)].toFixed(2) : -1);
  print({
    scenario: 'live', subscribers, rate, seconds, expected: total * subscribers,
    delivered: received.reduce((a, b) => a + b, 0), dropped, p50ms: pct(0.5), p99ms: pct(0.99),
    maxms: pct(1), extensions: extensions(subs[0]),
  });
  subs.forEach((ws) => ws.close(1000));
  pusher.close(1000);
  if (received.some((n) => n !== total)) process.exitCode = 1;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'trivial') {
  trivial(Number(args[0] || 0));
} else if (mode === 'ingest') {
  ingest(args[0], Number(args[1] || 200000), Number(args[2] || 2)).catch(fail);
} else if (mode === 'find') {
  find(args[0], Number(args[1]), args[2]).catch(fail);
} else if (mode === 'live') {
  live(args[0], Number(args[1] || 10), Number(args[2] || 1000), Number(args[3] || 10)).catch(fail);
} else {
  fail('usage: node ws-load.js trivial|ingest|find|live ...');
}
