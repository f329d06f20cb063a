// A virtualised list of events: only the rows in view (plus a margin) exist in the DOM, so 100k or 1M rows scroll
// as smoothly as 100. Rows have one fixed height; one row at a time may be expanded to the full event, whose
// measured height shifts the rows after it.

import { nanosOf } from './wire.js';

const OVERSCAN = 12;
/** Detached rows kept for reuse: scrolling fills existing elements instead of building new ones. */
const POOL = 200;

export class EventList {
  /**
   * @param {HTMLElement} scroller the scrolling element
   * @param {HTMLElement} spacer a child that gets the full height
   * @param {{highlight:function(): {content:RegExp|null, source:RegExp|null}}} options
   */
  constructor(scroller, spacer, options) {
    this.scroller = scroller;
    this.spacer = spacer;
    this.options = options;
    this.events = [];
    this.expanded = -1;
    this.extra = 0;
    this.rows = new Map();
    this.pool = [];
    this.rowHeight = 0;
    this.scheduled = false;
    this.follow = false;
    this.onScrolledAway = () => {};
    scroller.addEventListener('scroll', () => {
      this.schedule();
      if (this.follow && !this.atBottom()) {
        this.onScrolledAway(true);
      } else if (this.follow) {
        this.onScrolledAway(false);
      }
    }, { passive: true });
    window.addEventListener('resize', () => this.schedule());
    scroller.addEventListener('click', e => this.clicked(e));
  }

  /** Removes every row. */
  clear() {
    this.events = [];
    this.expanded = -1;
    this.extra = 0;
    for (const row of this.rows.values()) {
      row.remove();
    }
    this.rows.clear();
    this.scroller.scrollTop = 0;
    this.schedule();
  }

  /** Appends events at the end; keeps the view at the bottom when following and already there. */
  append(events) {
    if (events.length === 0) {
      return;
    }
    const stick = this.follow && this.atBottom();
    for (const event of events) {
      this.events.push(event);
    }
    this.layout();
    if (stick) {
      this.scrollToEnd();
    }
    this.schedule();
  }

  /** Drops the oldest rows beyond a count (live view), keeping what the person looks at in place. */
  trimTo(count) {
    const excess = this.events.length - count;
    if (excess <= 0) {
      return;
    }
    this.events.splice(0, excess);
    if (this.expanded >= 0) {
      this.expanded -= excess;
      if (this.expanded < 0) {
        this.expanded = -1;
        this.extra = 0;
      }
    }
    this.scroller.scrollTop = Math.max(0, this.scroller.scrollTop - excess * this.height());
    for (const row of this.rows.values()) {
      row.remove();
    }
    this.rows.clear();
    this.layout();
    this.schedule();
  }

  atBottom() {
    const s = this.scroller;
    return s.scrollTop + s.clientHeight >= s.scrollHeight - this.height() * 1.5;
  }

  scrollToEnd() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  height() {
    if (!this.rowHeight) {
      const probe = document.createElement('div');
      probe.className = 'row';
      probe.textContent = 'x';
      this.spacer.appendChild(probe);
      this.rowHeight = probe.getBoundingClientRect().height || 24;
      probe.remove();
    }
    return this.rowHeight;
  }

  top(index) {
    return index * this.height() + (this.expanded >= 0 && index > this.expanded ? this.extra : 0);
  }

  indexAt(y) {
    const h = this.height();
    if (this.expanded < 0 || y < (this.expanded + 1) * h) {
      return Math.floor(y / h);
    }
    if (y < (this.expanded + 1) * h + this.extra) {
      return this.expanded;
    }
    return Math.floor((y - this.extra) / h);
  }

  layout() {
    this.spacer.style.height = `${this.events.length * this.height() + (this.expanded >= 0 ? this.extra : 0)}px`;
  }

  schedule() {
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => {
        this.scheduled = false;
        this.render();
      });
    }
  }

  /** Renders the rows in view now (also called by tests through the page). */
  render() {
    const first = Math.max(0, this.indexAt(this.scroller.scrollTop) - OVERSCAN);
    const last = Math.min(this.events.length - 1,
      this.indexAt(this.scroller.scrollTop + this.scroller.clientHeight) + OVERSCAN);
    for (const [index, row] of this.rows) {
      if (index < first || index > last || row.event !== this.events[index]) {
        row.remove();
        this.rows.delete(index);
        if (!row.classList.contains('expanded') && this.pool.length < POOL) {
          this.pool.push(row);
        }
      }
    }
    for (let i = first; i <= last; i++) {
      let row = this.rows.get(i);
      if (!row) {
        row = this.makeRow(this.events[i], i);
        this.rows.set(i, row);
        this.spacer.appendChild(row);
      }
      row.style.transform = `translateY(${this.top(i)}px)`;
    }
  }

  clicked(e) {
    const copy = e.target.closest('button[data-copy]');
    if (copy) {
      const row = copy.closest('.row');
      const event = row.event;
      const text = copy.dataset.copy === 'json' ? JSON.stringify(event, null, 2) : event[copy.dataset.copy];
      navigator.clipboard?.writeText(text).then(() => { copy.textContent = 'copied'; },
        () => { copy.textContent = 'copy failed'; });
      return;
    }
    if (e.target.closest('.details')) {
      return;
    }
    const row = e.target.closest('.row');
    if (row) {
      this.toggle(row.index);
    }
  }

  /** Expands a row to the full event, or collapses it. */
  toggle(index) {
    const previous = this.expanded;
    this.expanded = previous === index ? -1 : index;
    for (const i of [previous, index]) {
      const row = this.rows.get(i);
      if (row) {
        row.remove();
        this.rows.delete(i);
      }
    }
    this.extra = 0;
    if (this.expanded >= 0) {
      const row = this.makeRow(this.events[index], index);
      this.rows.set(index, row);
      this.spacer.appendChild(row);
      this.extra = Math.max(0, row.getBoundingClientRect().height - this.height());
    }
    this.layout();
    this.render();
  }

  collapse() {
    if (this.expanded >= 0) {
      this.toggle(this.expanded);
    }
  }

  makeRow(event, index) {
    const reused = index !== this.expanded ? this.pool.pop() : undefined;
    const row = reused || document.createElement('div');
    if (!reused) {
      row.className = 'row';
      row.setAttribute('role', 'row');
      row.append(span('time', ''), span('source', ''), span('tags', ''), span('content', ''));
    }
    row.event = event;
    row.index = index;
    row.dataset.id = event.id;
    const [time, source, tags, content] = row.children;
    const date = new Date(event.ms);
    time.textContent = formatLocal(date);
    time.title = `${date.toISOString().slice(0, 19)}.${nanosOf(event.ts)}Z (UTC)`;
    const patterns = this.options.highlight();
    marked(source, event.source, patterns.source);
    source.title = event.source;
    tags.replaceChildren(...event.tags.map(tag => span('tag', tag)));
    marked(content, event.content, patterns.content, true);
    if (index === this.expanded) {
      row.classList.add('expanded');
      row.appendChild(details(event, date));
    }
    return row;
  }
}

function span(className, text) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

function formatLocal(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * Fills an element with text, the first match of a pattern in <mark>. With oneLine, shows one line of the text:
 * the line of the match (or the first), with ⏎ where more lines are.
 */
function marked(element, text, pattern, oneLine = false) {
  let match = null;
  if (pattern) {
    pattern.lastIndex = 0;
    match = pattern.exec(text);
    if (match && match[0].length === 0) {
      match = null;
    }
  }
  let shown = text;
  let offset = 0;
  if (oneLine) {
    const at = match ? match.index : 0;
    const start = text.lastIndexOf('\n', at - 1) + 1;
    let end = text.indexOf('\n', at);
    end = end < 0 ? text.length : end;
    shown = (start > 0 ? '⏎ ' : '') + text.slice(start, Math.min(end, start + 2000))
      + (end < text.length ? ' ⏎' : '');
    offset = start - (start > 0 ? 2 : 0);
  }
  if (!match || match.index - offset + match[0].length > shown.length) {
    element.textContent = shown;
    return;
  }
  const from = match.index - offset;
  const to = from + match[0].length;
  const mark = document.createElement('mark');
  mark.textContent = shown.slice(from, to);
  element.replaceChildren(shown.slice(0, from), mark, shown.slice(to));
}

function details(event, date) {
  const box = document.createElement('div');
  box.className = 'details';
  const table = document.createElement('dl');
  const add = (name, value, copy) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.append(span('value', value));
    if (copy) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.copy = copy;
      button.textContent = 'copy';
      button.title = `copy the ${name}`;
      dd.append(button);
    }
    table.append(dt, dd);
  };
  add('id', event.id, 'id');
  add('timestamp', `${event.ts}  (${date.toISOString().slice(0, 19)}.${nanosOf(event.ts)}Z)`, 'ts');
  add('source', event.source, 'source');
  add('tags', event.tags.join(', '), null);
  for (const [name, value] of Object.entries(event.headers)) {
    add(name, value, null);
  }
  const content = document.createElement('pre');
  content.className = 'full-content';
  content.textContent = event.content;
  const buttons = document.createElement('div');
  buttons.className = 'copy-buttons';
  for (const [label, what] of [['copy content', 'content'], ['copy as JSON', 'json']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.copy = what;
    button.textContent = label;
    buttons.append(button);
  }
  box.append(table, content, buttons);
  return box;
}
