// The bar chart of matching events over time, counted by the collector (GET /histogram), and dragging on it to
// narrow the time range.

import { getJson } from './connection.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Bucket widths in seconds, the smallest giving at most TARGET buckets is used. */
const WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  172800, 604800, 2592000, 7776000, 31536000];
const TARGET = 90;

/**
 * Buckets for a range of seconds: a round width and an origin that is a multiple of it.
 * @returns {{origin:number, width:number, buckets:number}}
 */
export function bucketsFor(startSeconds, endSeconds) {
  const span = Math.max(1, endSeconds - startSeconds);
  const width = WIDTHS.find(w => span / w <= TARGET) || WIDTHS[WIDTHS.length - 1];
  const origin = Math.floor(startSeconds / width) * width;
  const buckets = Math.min(2000, Math.floor((endSeconds - origin) / width) + 1);
  return { origin, width, buckets };
}

export class Histogram {
  /**
   * @param {HTMLElement} box the section
   * @param {function(number, number)} onRange called with start and end seconds when the person drags a range
   */
  constructor(box, onRange) {
    this.box = box;
    this.svg = box.querySelector('#bars');
    this.selection = box.querySelector('#selection');
    this.info = box.querySelector('#histogram-info');
    this.onRange = onRange;
    this.counts = [];
    this.plan = null;
    this.controller = null;
    this.dragFrom = null;
    this.svg.addEventListener('pointerdown', e => this.down(e));
    this.svg.addEventListener('pointermove', e => this.move(e));
    this.svg.addEventListener('pointerup', e => this.up(e));
    this.svg.addEventListener('pointercancel', () => this.cancelDrag());
  }

  /**
   * Counts the criteria per bucket over [start, end] seconds and draws them.
   * @returns {Promise<string|null>} an error message, or null
   */
  async load(criteria, startSeconds, endSeconds) {
    this.controller?.abort();
    this.controller = new AbortController();
    const plan = bucketsFor(startSeconds, endSeconds);
    const query = new URLSearchParams({
      criteria: JSON.stringify(criteria), origin: String(plan.origin), width: String(plan.width),
      buckets: String(plan.buckets),
    });
    this.box.classList.add('loading');
    this.box.dataset.state = 'loading';
    try {
      const { status, body } = await getJson(`/histogram?${query}`, this.controller.signal);
      if (status !== 200) {
        this.box.dataset.state = 'error';
        this.info.textContent = body.error || `HTTP ${status}`;
        return body.error || `HTTP ${status}`;
      }
      this.plan = plan;
      this.counts = body.counts;
      this.draw();
      this.box.dataset.state = 'ready';
      this.box.dataset.origin = String(plan.origin);
      this.box.dataset.width = String(plan.width);
      this.box.dataset.total = String(body.total);
      return null;
    } catch (e) {
      if (e.name !== 'AbortError') {
        this.box.dataset.state = 'error';
        this.info.textContent = `histogram: ${e.message}`;
      }
      return null;
    } finally {
      this.box.classList.remove('loading');
    }
  }

  /** Clears the chart. */
  clear(message = '') {
    this.controller?.abort();
    this.plan = null;
    this.counts = [];
    this.svg.replaceChildren();
    this.info.textContent = message;
    this.box.dataset.state = 'empty';
    document.getElementById('axis-start').textContent = '';
    document.getElementById('axis-end').textContent = '';
  }

  /** Counts live events into their buckets when they fall in the chart; redraws once. */
  addAll(events) {
    if (!this.plan) {
      return;
    }
    let changed = false;
    for (const event of events) {
      const index = Math.floor((event.ms / 1000 - this.plan.origin) / this.plan.width);
      if (index >= 0 && index < this.counts.length) {
        this.counts[index]++;
        changed = true;
      }
    }
    if (changed) {
      this.draw();
    }
  }

  draw() {
    this.svg.replaceChildren();
    const n = this.counts.length;
    this.svg.setAttribute('viewBox', `0 0 ${n} 100`);
    const max = Math.max(1, ...this.counts);
    for (let i = 0; i < n; i++) {
      const bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('class', 'bar');
      this.drawBar(bar, i, max);
      this.svg.appendChild(bar);
    }
    const end = this.plan.origin + this.plan.width * n;
    document.getElementById('axis-start').textContent = new Date(this.plan.origin * 1000).toLocaleString();
    document.getElementById('axis-end').textContent = new Date(end * 1000).toLocaleString();
    this.describeTotal();
  }

  describeTotal() {
    const total = this.counts.reduce((a, b) => a + b, 0);
    this.info.textContent = `${total.toLocaleString()} matching · ${describe(this.plan.width)} per bar · drag to zoom`;
  }

  drawBar(bar, i, max) {
    const count = this.counts[i];
    const height = count === 0 ? 0 : Math.max(2, (count / max) * 100);
    bar.setAttribute('x', String(i + 0.08));
    bar.setAttribute('width', '0.84');
    bar.setAttribute('y', String(100 - height));
    bar.setAttribute('height', String(height));
    bar.dataset.count = String(count);
    bar.dataset.start = String(this.plan.origin + i * this.plan.width);
    let title = bar.firstChild;
    if (!title) {
      title = document.createElementNS(SVG, 'title');
      bar.appendChild(title);
    }
    title.textContent = `${count.toLocaleString()} from ${new Date((this.plan.origin + i * this.plan.width) * 1000)
      .toLocaleString()} (${describe(this.plan.width)})`;
  }

  secondsAt(clientX) {
    const rect = this.svg.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return this.plan.origin + fraction * this.counts.length * this.plan.width;
  }

  down(e) {
    if (!this.plan || e.button !== 0) {
      return;
    }
    this.svg.setPointerCapture(e.pointerId);
    this.dragFrom = e.clientX;
    this.paint(e.clientX);
  }

  move(e) {
    if (this.dragFrom !== null) {
      this.paint(e.clientX);
    }
  }

  up(e) {
    if (this.dragFrom === null) {
      return;
    }
    const from = Math.min(this.dragFrom, e.clientX);
    const to = Math.max(this.dragFrom, e.clientX);
    this.cancelDrag();
    if (to - from < 3) {
      return;
    }
    this.onRange(Math.floor(this.secondsAt(from)), Math.ceil(this.secondsAt(to)));
  }

  cancelDrag() {
    this.dragFrom = null;
    this.selection.hidden = true;
  }

  paint(x) {
    const rect = this.svg.getBoundingClientRect();
    const boxRect = this.box.getBoundingClientRect();
    const left = Math.max(rect.left, Math.min(this.dragFrom, x));
    const right = Math.min(rect.right, Math.max(this.dragFrom, x));
    this.selection.hidden = false;
    this.selection.style.left = `${left - boxRect.left}px`;
    this.selection.style.width = `${right - left}px`;
  }
}

function describe(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
