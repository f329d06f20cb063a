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
 * What a refusal says, for people: "Unauthorized: …" (no token, or one the collector does not know) or "Forbidden: …"
 * (a known token without the role that reading events needs), then the collector's message.
 * @param {{status:number, code:string, message:string}} refusal
 */
export function describeRefusal(refusal) {
  const title = refusal.code === 'forbidden' ? 'Forbidden'
    : refusal.code === 'unauthorized' ? 'Unauthorized' : `HTTP ${refusal.status}`;
  const hint = refusal.code === 'forbidden' ? ' Reading events needs a token with the role query.' : '';
  return `${title}: ${refusal.message}.${hint}`;
}

/**
 * Asks the person for a token (one dialog at a time), showing why; resolves true when one was given, false when the
 * dialog was cancelled or dismissed (Esc).
 * @param {{status:number, code:string, message:string}} [refusal] what the collector said
 */
export function askForToken(refusal) {
  if (asking) {
    return asking;
  }
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token');
  const form = document.getElementById('token-form');
  const cancel = document.getElementById('token-cancel');
  document.getElementById('token-reason').textContent = refusal ? describeRefusal(refusal)
    : 'This collector asks for a token.';
  dialog.dataset.code = refusal ? refusal.code : '';
  input.value = token();
  asking = new Promise(resolve => {
    let given = false;
    const onSubmit = e => {
      e.preventDefault();
      const value = input.value.trim();
      if (!value) {
        return;
      }
      setToken(value);
      given = true;
      dialog.close();
    };
    const onCancel = () => dialog.close();
    // every way out ends here: the buttons, and Esc (which closes a modal dialog without a click)
    const onClose = () => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', onClose);
      asking = null;
      resolve(given);
    };
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    input.focus();
    input.select();
  });
  return asking;
}

/** Whether an HTTP status is a refusal of access. */
function refused(status) {
  return status === 401 || status === 403;
}

/** The refusal a 401/403 response carries: {status, code, message}. */
async function refusalOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: the status says it
  }
  return {
    status: response.status,
    code: body.code || (response.status === 403 ? 'forbidden' : 'unauthorized'),
    message: body.error || `HTTP ${response.status}`,
  };
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
      const refusal = await refusalOf(response);
      if (await askForToken(refusal)) {
        continue;
      }
      return { status: response.status, body: { error: describeRefusal(refusal), code: refusal.code }, refusal };
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
 * When the upgrade is refused for want of a token, asks for one and opens again; when the person gives none, reports
 * the close with the refusal ({status, code, message}) as onClose's third argument.
 * @param {string} path '/find' or '/live'
 * @param {object} criteria the criteria JSON object
 * @param {{onText:function(string), onBinary:function(ArrayBuffer), onClose:function(CloseEvent, boolean, object)}}
 *     handlers
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
      let refusal = null;
      if (!opened) {
        const probe = await fetch(PROBE, {
          headers: token() ? { Authorization: `Bearer ${token()}` } : {}, cache: 'no-store',
        }).catch(() => null);
        if (probe && refused(probe.status)) {
          refusal = await refusalOf(probe);
          if (closedByUs) {
            return;
          }
          if (await askForToken(refusal)) {
            if (!closedByUs) {
              open();
            }
            return;
          }
        }
      }
      if (!closedByUs) {
        handlers.onClose(event, opened, refusal);
      }
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
