// Talking to the collector that served this page: HTTP with fetch, /find and /live over WebSocket, and the
// access token of a collector that requires one (HTTP 401/403 with {"code": …, "error": …}).
//
// The token lives in sessionStorage (this tab only). fetch sends it as "Authorization: Bearer <token>";
// WebSocket URLs carry it as ?token=<token>, since a browser cannot set headers on an upgrade. A browser also
// cannot see the status of a refused upgrade, so when a socket closes before it opened, the console asks
// GET /histogram (same role as /find and /live: query) over plain HTTP with the token, for an empty range: a 401
// or 403 there means the token is missing or not good enough.

const TOKEN_KEY = 'theia.token';
/** Asked over HTTP when an upgrade fails: answers at once, and needs the role that reading events needs. */
const PROBE = '/histogram?origin=0&width=1&buckets=1';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

let asking = null;

/**
 * Asks the person for a token (one dialog at a time); resolves true when one was given.
 * @param {string} reason what the server said
 */
export function askForToken(reason) {
  if (asking) {
    return asking;
  }
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token');
  document.getElementById('token-reason').textContent = reason || 'This collector asks for a token.';
  input.value = token();
  asking = new Promise(resolve => {
    const form = document.getElementById('token-form');
    const done = given => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.close();
      asking = null;
      resolve(given);
    };
    const onSubmit = e => {
      e.preventDefault();
      setToken(input.value.trim());
      done(Boolean(input.value.trim()));
    };
    const onCancel = () => done(false);
    const cancel = document.getElementById('token-cancel');
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.showModal();
    input.focus();
  });
  return asking;
}

/** Whether an HTTP status is a refusal of access. */
function refused(status) {
  return status === 401 || status === 403;
}

async function reasonOf(response) {
  try {
    const body = await response.json();
    return body.error ? `${body.error}${body.code ? ` (${body.code})` : ''}` : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * GETs JSON; on 401/403 asks for a token and tries again. Resolves {status, body}.
 * @param {string} path
 * @param {AbortSignal} [signal]
 */
export async function getJson(path, signal) {
  for (;;) {
    const headers = token() ? { Authorization: `Bearer ${token()}` } : {};
    const response = await fetch(path, { headers, signal, cache: 'no-store' });
    if (refused(response.status)) {
      if (await askForToken(await reasonOf(response))) {
        continue;
      }
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = { error: `HTTP ${response.status}` };
    }
    return { status: response.status, body };
  }
}

/** The WebSocket URL of a path on this collector, with the token if there is one. */
export function socketUrl(path) {
  const url = new URL(path, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (token()) {
    url.searchParams.set('token', token());
  }
  return url.toString();
}

/**
 * Opens a WebSocket that asks for packed frames, sends the criteria once open, and reports what arrives.
 * When the upgrade is refused for want of a token, asks for one and opens again.
 * @param {string} path '/find' or '/live'
 * @param {object} criteria the criteria JSON object
 * @param {{onText:function(string), onBinary:function(ArrayBuffer), onClose:function(CloseEvent, boolean)}} handlers
 * @returns {{close:function()}} closing it ends the stream without a report
 */
export function openStream(path, criteria, handlers) {
  let socket = null;
  let closedByUs = false;
  const open = () => {
    let opened = false;
    socket = new WebSocket(socketUrl(path), ['theia-packed']);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      opened = true;
      socket.send(JSON.stringify(criteria));
    };
    socket.onmessage = message => {
      if (typeof message.data === 'string') {
        handlers.onText(message.data);
      } else {
        handlers.onBinary(message.data);
      }
    };
    socket.onclose = async event => {
      if (closedByUs) {
        return;
      }
      if (!opened) {
        const probe = await fetch(PROBE, {
          headers: token() ? { Authorization: `Bearer ${token()}` } : {}, cache: 'no-store',
        }).catch(() => null);
        if (probe && refused(probe.status) && await askForToken(await reasonOf(probe)) && !closedByUs) {
          open();
          return;
        }
      }
      handlers.onClose(event, opened);
    };
  };
  open();
  return {
    close() {
      closedByUs = true;
      if (socket && socket.readyState <= WebSocket.OPEN) {
        socket.close(1000);
      }
    },
  };
}
