// The console: the search form and its state in the URL, results streamed from /find, the histogram, and the live
// tail from /live. See docs/console.md.

import { askForToken, describeRefusal, getJson, openStream } from './connection.js';
import { decodeFrame } from './wire.js';
import { EventList } from './list.js';
import { Histogram } from './histogram.js';

const RANGES = { '5m': 300, '1h': 3600, '24h': 86400, '7d': 604800 };
const DEFAULTS = { range: 'all', from: null, to: null, tags: [], source: '', content: '', order: 'desc', limit: 10000,
  live: false };
/** What the console shows without a query: the newest events, following live. */
const HOME = { ...DEFAULTS, limit: 500, live: true };
const MAX_LIVE_ROWS = 200000;
const MAX_PAUSED = 100000;
const RECENT_TAGS = 'theia.recentTags';

const $ = id => document.getElementById(id);
const form = $('search');
const list = new EventList($('results'), $('spacer'), { highlight: () => current.highlight });
const histogram = new Histogram($('histogram'), (from, to) => {
  const state = readForm();
  Object.assign(state, { range: 'custom', from, to, live: false });
  run(state, true);
});

/** The running search: its streams and what it has shown. */
let current = { highlight: { content: null, source: null }, streams: [], generation: 0 };
let tags = [];
const recentTags = new Map((JSON.parse(localStorage.getItem(RECENT_TAGS) || '[]')).map((t, i) => [t, -i]));

// ---- state <-> URL and form ----

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  if ([...params.keys()].length === 0) {
    return { ...HOME };
  }
  const number = (name, fallback) => {
    const value = Number(params.get(name));
    return params.has(name) && Number.isFinite(value) ? value : fallback;
  };
  const range = params.get('range') || (params.has('from') || params.has('to') ? 'custom' : DEFAULTS.range);
  return {
    range: range in RANGES || range === 'all' || range === 'custom' ? range : DEFAULTS.range,
    from: number('from', null),
    to: number('to', null),
    tags: params.getAll('tag').filter(Boolean),
    source: params.get('source') || '',
    content: params.get('content') || '',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    limit: Math.max(1, Math.min(1000000, Math.floor(number('limit', DEFAULTS.limit)))),
    live: params.get('live') === '1',
  };
}

function urlOf(state) {
  const params = new URLSearchParams();
  params.set('range', state.range);
  if (state.range === 'custom') {
    if (state.from !== null) params.set('from', String(state.from));
    if (state.to !== null) params.set('to', String(state.to));
  }
  for (const tag of state.tags) params.append('tag', tag);
  if (state.source) params.set('source', state.source);
  if (state.content) params.set('content', state.content);
  params.set('order', state.order);
  params.set('limit', String(state.limit));
  if (state.live) params.set('live', '1');
  return `${location.pathname}?${params}`;
}

function writeForm(state) {
  $('range').value = state.range;
  $('absolute').hidden = state.range !== 'custom';
  $('from').value = state.from === null ? '' : localInput(state.from);
  $('to').value = state.to === null ? '' : localInput(state.to);
  tags = [...state.tags];
  drawChips();
  $('source').value = state.source;
  $('content').value = state.content;
  $('order').value = state.order;
  $('limit').value = String(state.limit);
  $('live').checked = state.live;
}

function readForm() {
  const seconds = value => (value ? Math.floor(new Date(value).getTime() / 1000) : null);
  pendingTag();
  return {
    range: $('range').value,
    from: seconds($('from').value),
    to: seconds($('to').value),
    tags: [...tags],
    source: $('source').value,
    content: $('content').value,
    order: $('order').value,
    limit: Math.max(1, Math.min(1000000, Math.floor(Number($('limit').value) || DEFAULTS.limit))),
    live: $('live').checked,
  };
}

function localInput(seconds) {
  const date = new Date(seconds * 1000);
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

// ---- tag chips ----

function drawChips() {
  const box = $('chips');
  for (const chip of box.querySelectorAll('.chip')) chip.remove();
  const input = $('tag-input');
  for (const tag of tags) {
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.dataset.tag = tag;
    chip.textContent = tag;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '×';
    remove.title = `remove tag ${tag}`;
    remove.addEventListener('click', () => {
      tags = tags.filter(t => t !== tag);
      drawChips();
    });
    chip.appendChild(remove);
    box.insertBefore(chip, input);
  }
}

/** Turns what is typed in the tag input into chips; true when there was something. */
function pendingTag() {
  const input = $('tag-input');
  const typed = input.value.split(',').map(t => t.trim()).filter(Boolean);
  input.value = '';
  for (const tag of typed) {
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (typed.length) drawChips();
  return typed.length > 0;
}

function noteTags(events) {
  let changed = false;
  const now = Date.now();
  for (let i = 0; i < events.length && i < 500; i++) {
    for (const tag of events[i].tags) {
      if (!recentTags.has(tag)) changed = true;
      recentTags.set(tag, now);
    }
  }
  if (changed) drawRecentTags();
}

let recentTimer = 0;
function drawRecentTags() {
  clearTimeout(recentTimer);
  recentTimer = setTimeout(() => {
    const newest = [...recentTags.entries()].sort((a, b) => b[1] - a[1]).slice(0, 50).map(([t]) => t);
    localStorage.setItem(RECENT_TAGS, JSON.stringify(newest));
    $('recent-tags').replaceChildren(...newest.map(tag => {
      const option = document.createElement('option');
      option.value = tag;
      return option;
    }));
  }, 200);
}

// ---- running a search ----

function criteriaOf(state, now) {
  const criteria = {};
  if (state.range in RANGES) {
    criteria.start = now - RANGES[state.range];
    criteria.end = now;
  } else if (state.range === 'custom') {
    if (state.from !== null) criteria.start = state.from;
    if (state.to !== null) criteria.end = state.to;
  }
  if (state.tags.length) criteria.tags = state.tags;
  if (state.source) criteria.source = state.source;
  if (state.content) criteria.content = state.content;
  return criteria;
}

/** A JS RegExp for highlighting an RE2 pattern, or null when JS reads it differently or not at all. */
function jsPattern(re2) {
  if (!re2) return null;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(re2);
  let body = re2;
  if (leading) {
    if (leading[1].includes('U')) return null;
    flags = leading[1].replace(/[^ims]/g, '');
    body = re2.slice(leading[0].length);
  }
  try {
    return new RegExp(body, flags);
  } catch {
    return null;
  }
}

function setStatus(text, state) {
  $('status-text').textContent = text;
  const results = $('results');
  results.dataset.state = state;
  results.dataset.count = String(list.events.length);
}

/**
 * The collector refused access and no (better) token was given: says why where the results go, and offers the
 * prompt again (the page does not ask by itself until then).
 */
function denied(refusal) {
  current.refusal = refusal;
  setStatus(describeRefusal(refusal), 'denied');
  $('results').dataset.code = refusal.code;
  $('token-button').hidden = false;
}

function clearErrors() {
  for (const id of ['form-error', 'content-error', 'source-error']) $(id).textContent = '';
  for (const id of ['content', 'source']) $(id).removeAttribute('aria-invalid');
}

/**
 * Shows a refusal of the criteria where it belongs: each pattern is asked on its own (a count over an empty range,
 * which the collector answers at once), so the message lands under the field whose pattern it is.
 */
async function showCriteriaError(state, message) {
  let placed = false;
  for (const field of ['content', 'source']) {
    if (!state[field]) continue;
    const query = new URLSearchParams({ criteria: JSON.stringify({ [field]: state[field] }), origin: '0',
      width: '1', buckets: '1' });
    const { status, body } = await getJson(`/histogram?${query}`).catch(() => ({ status: 0, body: {} }));
    if (status === 400) {
      $(`${field}-error`).textContent = body.error;
      $(field).setAttribute('aria-invalid', 'true');
      placed = true;
    }
  }
  if (!placed) $('form-error').textContent = message;
}

/** The events of a frame; a frame that does not decode is reported once and skipped. */
function decoded(data) {
  try {
    return decodeFrame(data);
  } catch (e) {
    $('form-error').textContent = `The collector sent a frame that is not events: ${e.message}`;
    return [];
  }
}

function stopStreams() {
  for (const stream of current.streams) stream.close();
  current.streams = [];
}

/**
 * Runs a search: writes it into the URL (a new history entry when push), streams /find into the list, loads the
 * histogram and, when live, follows /live.
 */
function run(state, push) {
  stopStreams();
  clearErrors();
  writeForm(state);
  const url = urlOf(state);
  if (push && url !== location.pathname + location.search) {
    history.pushState(null, '', url);
  } else if (!push) {
    history.replaceState(null, '', url);
  }
  const generation = current.generation + 1;
  const now = Date.now() / 1000;
  const criteria = criteriaOf(state, now);
  current = {
    generation, state, streams: [], started: performance.now(), firstRow: null, paused: false, pausedEvents: [],
    drops: 0, highlight: { content: jsPattern(state.content), source: jsPattern(state.source) },
  };
  const live = () => generation === current.generation;
  list.clear();
  delete $('results').dataset.code;
  $('token-button').hidden = true;
  list.follow = state.live;
  $('pause').hidden = !state.live;
  $('pause').textContent = 'Pause';
  $('drops').hidden = true;
  $('jump').hidden = true;
  document.body.classList.toggle('following', state.live);

  const hasRange = 'start' in criteria && 'end' in criteria;
  if (hasRange) {
    histogram.load(criteria, criteria.start, criteria.end);
  } else {
    histogram.clear('');
  }
  const afterFind = events => {
    if (!hasRange && events.length) {
      let min = Infinity;
      let max = -Infinity;
      for (const e of events) {
        min = Math.min(min, e.ms);
        max = Math.max(max, e.ms);
      }
      const span = { start: Math.floor(min / 1000), end: Math.ceil(max / 1000) };
      histogram.load({ ...criteria, ...span }, span.start, span.end);
    }
  };

  if (state.live) {
    followLive(state, criteria, live, afterFind);
  } else {
    find(state, { ...criteria, order: state.order, limit: state.limit }, live, events => {
      list.append(events);
    }, afterFind);
  }
}

/** Streams /find; onEvents gets each animation frame's batch; onDone gets every event found. */
function find(state, criteria, isCurrent, onEvents, onDone, keepAll = false) {
  setStatus('Searching…', 'searching');
  let batch = [];
  let frame = 0;
  let count = 0;
  const sample = [];
  const flush = () => {
    frame = 0;
    if (!isCurrent() || batch.length === 0) return;
    const events = batch;
    batch = [];
    onEvents(events);
    if (current.firstRow === null) {
      list.render(); // in this frame: the first rows are painted right after it
      current.firstRow = performance.now() - current.started;
      document.body.dataset.firstRowMs = String(Math.round(current.firstRow));
      document.body.dataset.firstRowAt = String(Math.round(performance.now()));
    }
    setStatus(`${count.toLocaleString()} events…`, 'searching');
  };
  let failed = false;
  const stream = openStream('/find', criteria, {
    onText(text) {
      if (text === 'ok') return;
      try {
        const reply = JSON.parse(text);
        if (reply.error) {
          failed = true;
          setStatus('The search was refused.', 'error');
          showCriteriaError(state, reply.error);
        }
      } catch {
        // an unknown text frame: ignored
      }
    },
    onBinary(data) {
      if (!isCurrent()) return;
      const events = decoded(data);
      count += events.length;
      for (const e of events) batch.push(e);
      if (keepAll || sample.length < 100000) {
        for (const e of events) sample.push(e);
      }
      if (count <= events.length) noteTags(events);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    onClose(event, opened, refusal) {
      if (!isCurrent()) return;
      if (frame) cancelAnimationFrame(frame);
      flush();
      if (failed) return;
      if (refusal) {
        denied(refusal);
        return;
      }
      if (!opened) {
        setStatus('Cannot reach the collector.', 'error');
        $('form-error').textContent = 'The collector did not accept the connection to /find.';
        return;
      }
      if (event.code !== 1000) {
        setStatus(`The search ended with an error (${event.code}${event.reason ? `: ${event.reason}` : ''}).`,
          'error');
      }
      const took = Math.round(performance.now() - current.started);
      const first = current.firstRow === null ? '' : ` · first rows in ${Math.round(current.firstRow)} ms`;
      const limited = count >= (criteria.limit || Infinity) ? ' (the limit)' : '';
      if (event.code === 1000) {
        setStatus(`${count.toLocaleString()} events${limited}${first} · ${took} ms`, 'done');
      }
      onDone(sample, event.code === 1000);
    },
  });
  current.streams.push(stream);
}

/**
 * Follows /live: subscribes first (so nothing falls between), shows the newest matching events from /find oldest
 * first, then what /live delivered meanwhile (without repeats), then everything as it arrives.
 */
function followLive(state, criteria, isCurrent, afterFind) {
  const liveCriteria = { ...criteria };
  delete liveCriteria.start;
  delete liveCriteria.end;
  let backlogDone = false;
  let waiting = [];
  let frame = 0;
  let queued = [];
  const show = events => {
    histogram.addAll(events);
    noteTags(events);
    if (current.paused) {
      for (const e of events) {
        if (current.pausedEvents.length < MAX_PAUSED) current.pausedEvents.push(e);
      }
      $('pause').textContent = `Resume (${current.pausedEvents.length.toLocaleString()} new)`;
      return;
    }
    list.append(events);
    if (list.events.length > MAX_LIVE_ROWS) list.trimTo(MAX_LIVE_ROWS);
    setStatus(`Following live · ${list.events.length.toLocaleString()} events`, 'live');
  };
  const flush = () => {
    frame = 0;
    if (!isCurrent()) return;
    const events = queued;
    queued = [];
    show(events);
  };
  let subscribed = false;
  const subscribe = () => {
    const stream = openStream('/live', liveCriteria, {
      onText(text) {
        if (!isCurrent()) return;
        if (text === 'ok') {
          if (!subscribed) {
            subscribed = true;
            backlog();
          } else {
            setStatus(`Following live again · ${list.events.length.toLocaleString()} events`, 'live');
          }
          return;
        }
        let reply = null;
        try {
          reply = JSON.parse(text);
        } catch {
          return;
        }
        if (reply.dropped) {
          current.drops += reply.dropped;
          $('drops').hidden = false;
          $('drops').textContent = `${current.drops.toLocaleString()} dropped by the collector: this view fell behind`;
        } else if (reply.error) {
          setStatus('The live view was refused.', 'error');
          showCriteriaError(state, reply.error);
        }
      },
      onBinary(data) {
        if (!isCurrent()) return;
        const events = decoded(data);
        if (!backlogDone) {
          for (const e of events) waiting.push(e);
          return;
        }
        for (const e of events) queued.push(e);
        if (!frame) frame = requestAnimationFrame(flush);
      },
      onClose(event, opened, refusal) {
        if (!isCurrent()) return;
        if (refusal) {
          denied(refusal);
          return;
        }
        setStatus(opened ? 'The live connection closed; reconnecting…' : 'Cannot reach the collector; retrying…',
          'error');
        setTimeout(() => {
          if (isCurrent()) subscribe();
        }, 2000);
      },
    });
    current.streams.push(stream);
  };
  const backlog = () => {
    const found = [];
    find(state, { ...criteria, order: 'desc', limit: state.limit }, isCurrent, events => {
      for (const e of events) found.push(e);
    }, () => {
      if (!isCurrent()) return;
      found.reverse();
      const seen = new Set(found.map(e => e.id));
      list.append(found);
      list.scrollToEnd();
      backlogDone = true;
      const rest = waiting.filter(e => !seen.has(e.id));
      waiting = [];
      show(rest);
      afterFind(found);
      setStatus(`Following live · ${list.events.length.toLocaleString()} events`, 'live');
    }, true);
  };
  subscribe();
}

function togglePause() {
  if (!current.state?.live) return;
  current.paused = !current.paused;
  if (current.paused) {
    $('pause').textContent = 'Resume';
    setStatus(`Paused · ${list.events.length.toLocaleString()} events`, 'paused');
  } else {
    $('pause').textContent = 'Pause';
    const events = current.pausedEvents;
    current.pausedEvents = [];
    list.append(events);
    list.scrollToEnd();
    setStatus(`Following live · ${list.events.length.toLocaleString()} events`, 'live');
  }
}

// ---- wiring ----

form.addEventListener('submit', e => {
  e.preventDefault();
  run(readForm(), true);
});
$('range').addEventListener('change', () => {
  $('absolute').hidden = $('range').value !== 'custom';
  if ($('range').value === 'custom' && !$('from').value) {
    const now = Math.floor(Date.now() / 1000);
    $('from').value = localInput(now - 3600);
    $('to').value = localInput(now);
  }
});
$('live').addEventListener('change', () => run(readForm(), true));
$('pause').addEventListener('click', togglePause);
$('token-button').addEventListener('click', async () => {
  if (await askForToken(current.refusal)) run(current.state, false);
});
$('jump').addEventListener('click', () => {
  list.scrollToEnd();
  $('jump').hidden = true;
});
list.onScrolledAway = away => {
  $('jump').hidden = !away;
};
$('tag-input').addEventListener('keydown', e => {
  if ((e.key === 'Enter' || e.key === ',') && $('tag-input').value.trim()) {
    e.preventDefault();
    pendingTag();
  } else if (e.key === 'Backspace' && !$('tag-input').value && tags.length) {
    tags.pop();
    drawChips();
  }
});
$('tag-input').addEventListener('change', () => {
  // a pick from the recent-tags list
  if (recentTags.has($('tag-input').value.trim())) pendingTag();
});
for (const id of ['content', 'source']) {
  $(id).addEventListener('input', () => {
    $(`${id}-error`).textContent = '';
    $(id).removeAttribute('aria-invalid');
  });
}
document.addEventListener('keydown', e => {
  const typing = e.target.closest?.('input, textarea, select');
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    $('content').focus();
    $('content').select();
  } else if (e.key === 'Escape' && !$('token-dialog').open) {
    if (list.expanded >= 0) {
      list.collapse();
      return;
    }
    $('content').value = '';
    $('source').value = '';
    $('tag-input').value = '';
    tags = [];
    drawChips();
    clearErrors();
    if (typing) e.target.blur();
  }
});
window.addEventListener('popstate', () => run(stateFromUrl(), false));

drawRecentTags();
run(stateFromUrl(), false);
