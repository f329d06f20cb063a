// Decodes theia's serialized events (docs/formats.md §2) from the binary frames of /find and /live:
// one or more events back to back (the theia-packed subprotocol), blank lines between them skipped.

const utf8 = new TextDecoder('utf-8', { fatal: false });
const NL = 10;
const CR = 13;

/** Thrown for bytes that are not serialized events; names the byte offset. */
export class WireError extends Error {}

/**
 * Decodes every event in a frame.
 * @param {ArrayBuffer} buffer
 * @returns {Array<{id:string, ts:string, ms:number, source:string, tags:string[], content:string,
 *   headers:Object<string,string>}>}
 */
export function decodeFrame(buffer) {
  const bytes = new Uint8Array(buffer);
  const events = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] === NL || bytes[at] === CR) {
      at++;
      continue;
    }
    const lineEnd = bytes.indexOf(NL, at);
    if (lineEnd < 0) {
      throw new WireError(`an event preamble without its line end at byte ${at}`);
    }
    const preamble = utf8.decode(bytes.subarray(at, lineEnd));
    const match = /^event:\s*(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(preamble);
    if (!match) {
      throw new WireError(`not an event preamble at byte ${at}`);
    }
    const headerBytes = Number(match[2]);
    const contentBytes = Number(match[3]);
    const headerStart = lineEnd + 1;
    const contentStart = headerStart + headerBytes;
    const end = contentStart + contentBytes;
    if (end > bytes.length) {
      throw new WireError(`an event at byte ${at} ends after its frame`);
    }
    events.push(parseEvent(utf8.decode(bytes.subarray(headerStart, contentStart)),
      utf8.decode(bytes.subarray(contentStart, end))));
    at = end;
  }
  return events;
}

function parseEvent(header, content) {
  const event = { id: '', ts: '0', ms: 0, source: '', tags: [], content, headers: {} };
  for (const line of header.split('\n')) {
    if (line === '') {
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    switch (name) {
      case 'id': event.id = value; break;
      case 'timestamp': event.ts = value.trim(); break;
      case 'source': event.source = value; break;
      case 'tags': event.tags = value === '' ? [] : value.split(','); break;
      default: event.headers[name] = value;
    }
  }
  event.ms = secondsToMillis(event.ts);
  return event;
}

/** Milliseconds since the epoch of a decimal seconds text, for display (the text stays the exact value). */
export function secondsToMillis(text) {
  const [whole, fraction = ''] = text.split('.');
  return Number(whole) * 1000 + Number((fraction + '000').slice(0, 3));
}

/** The nanoseconds within the second of a decimal seconds text, as 9 digits. */
export function nanosOf(text) {
  const fraction = text.split('.')[1] || '';
  return (fraction + '000000000').slice(0, 9);
}
