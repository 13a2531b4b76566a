// Keeps the in-memory tree equal to the server's: a full list, then every broadcast
// operation in seq order. Anything that looks inconsistent (a seq gap, a log that went
// backwards, history the server no longer has) triggers a fresh full list.

import { FileTree } from "./tree.js";

const RELOAD_DEBOUNCE_MS = 200;
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

  #applyBroadcast(message) {
    const seq = Number.isFinite(message.seq) ? message.seq : null;
    if (seq !== null && this.#seq !== null) {
      if (seq <= this.#seq) return;
      if (seq > this.#seq + 1) this.#scheduleReload();
    }
    if (seq !== null) this.#seq = seq;
    this.#apply(message.operation);
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
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => this.reload().catch(() => { this.#stale = true; }), RELOAD_DEBOUNCE_MS);
  }
}
