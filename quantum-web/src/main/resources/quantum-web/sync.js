// Keeps the in-memory tree equal to the server's: a full list, then every broadcast
// operation in seq order. The server does not echo this page's own writes, so their
// seqs (from the write responses) are recorded and skipped over. Anything that still
// looks inconsistent (a seq that is neither broadcast nor ours, a log that went
// backwards, history the server no longer has) triggers a fresh full list.

import { FileTree } from "./tree.js";

const RELOAD_DEBOUNCE_MS = 200;
const MAX_TRACKED_GAP = 1000;
const EXPIRED = /since|retain|expired|full list|no longer/i;

/**
 * The tree plus the change log position it reflects (`seq`). `onChange(changes, cause)`
 * is called after every change with {touched, removed} path sets and cause
 * {operation} (a live or own operation) or {reload: true}.
 */
export class SyncedTree {
  tree = new FileTree();
  #api;
  #onChange;
  #seq = null;
  #own = new Set();
  #missing = new Set();
  #reloadWanted = false;
  #loading = null;
  #reloadAgain = false;
  #buffer = [];
  #reloadTimer = null;
  #stale = false;
  #restart = () => {};

  constructor(api, onChange) {
    this.#api = api;
    this.#onChange = onChange;
  }

  /** The highest seq reflected, to resume a subscription from; null before the first list. */
  get seq() {
    return this.#seq;
  }

  /** Called by the connection before it subscribes: reloads first if history was lost. */
  async prepare() {
    if (this.#stale || this.#seq === null) await this.reload();
  }

  /** How to drop and re-open the subscription (set once the connection exists). */
  set restart(restart) {
    this.#restart = restart;
  }

  /** Fetches the full list and replaces the tree; concurrent calls share one fetch. */
  reload() {
    if (this.#loading !== null) {
      this.#reloadAgain = true;
      return this.#loading;
    }
    this.#loading = this.#load().finally(() => {
      this.#loading = null;
      if (this.#reloadAgain) {
        this.#reloadAgain = false;
        this.reload();
      }
    });
    return this.#loading;
  }

  async #load() {
    const { entries, seq } = await this.#api.list();
    const changes = this.tree.replaceAll(entries);
    this.#stale = false;
    this.#seq = seq ?? this.#seq;
    this.#missing.clear();
    this.#reloadWanted = false;
    for (const own of this.#own) if (this.#seq !== null && own <= this.#seq) this.#own.delete(own);
    this.#skipOwn();
    const buffered = this.#buffer;
    this.#buffer = [];
    this.#onChange(changes, { reload: true });
    for (const message of buffered) this.#applyBroadcast(message);
  }

  /** Handles a message from /ws (FileOperation, Ack or Error). */
  handle(message) {
    switch (message.type) {
      case "FileOperation":
        if (this.#loading !== null) this.#buffer.push(message);
        else this.#applyBroadcast(message);
        break;
      case "Ack":
        if (Number.isFinite(message.seq) && this.#seq !== null && message.seq < this.#seq) this.#scheduleReload();
        break;
      case "Error":
        console.warn("Quantum server:", message.message);
        if (EXPIRED.test(message.message ?? "")) {
          this.#stale = true;
          this.#restart();
        }
        break;
      default:
        break;
    }
  }

  /** Applies a change this page made itself (the server does not echo it back). */
  applyOwn(operation) {
    this.#apply(operation);
  }

  /**
   * Records that this page's own write committed seqs `first`…`last` (the write's
   * response says so): no broadcast will carry them, and that is no gap.
   */
  recordOwn(first, last) {
    for (let seq = first; seq <= last; seq++) {
      if (this.#seq === null || seq > this.#seq) this.#own.add(seq);
      else this.#missing.delete(seq);
    }
    this.#skipOwn();
  }

  #applyBroadcast(message) {
    const seq = Number.isFinite(message.seq) ? message.seq : null;
    if (seq !== null && this.#seq !== null) {
      if (seq <= this.#seq) return;
      this.#skipTo(seq - 1);
    }
    if (seq !== null) this.#seq = seq;
    this.#skipOwn();
    this.#apply(message.operation);
  }

  #skipOwn() {
    if (this.#seq === null) return;
    while (this.#own.delete(this.#seq + 1)) this.#seq++;
  }

  /**
   * Moves past every seq up to `last` that no broadcast brought: ours are done with; any
   * other is missing, and unless a response of ours claims it shortly, the tree reloads.
   */
  #skipTo(last) {
    if (last <= this.#seq) return;
    if (last - this.#seq > MAX_TRACKED_GAP) {
      this.#own.clear();
      this.#seq = last;
      this.#scheduleReload();
      return;
    }
    for (let seq = this.#seq + 1; seq <= last; seq++) {
      if (!this.#own.delete(seq)) this.#missing.add(seq);
    }
    this.#seq = last;
    if (this.#missing.size > 0) this.#scheduleCheck();
  }

  #apply(operation) {
    let changes;
    try {
      changes = this.tree.apply(operation);
    } catch (error) {
      console.warn("Quantum: could not apply", operation, error);
      this.#scheduleReload();
      return;
    }
    this.#onChange(changes, { operation });
  }

  #scheduleReload() {
    this.#reloadWanted = true;
    this.#scheduleCheck();
  }

  /** Reloads after a short pause if by then it is still wanted or a seq is still missing. */
  #scheduleCheck() {
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => {
      if (this.#reloadWanted || this.#missing.size > 0) this.reload().catch(() => { this.#stale = true; });
    }, RELOAD_DEBOUNCE_MS);
  }
}
