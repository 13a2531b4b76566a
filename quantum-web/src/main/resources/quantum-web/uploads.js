// The upload queue: a few uploads at a time, each with its own progress bar, which
// can be cancelled; finished ones fade out of the panel, failed ones stay until dismissed.

import { formatSize } from "./format.js";
import { icon, el } from "./view.js";

const PARALLEL = 3;
const DONE_LINGER_MS = 5000;

/**
 * Uploads files through `upload(path, file, {onProgress, signal})` and reports each
 * result to `onUploaded(metadata, path)` or `onFailed(path, error)`.
 */
export class UploadQueue {
  #panel;
  #list;
  #title;
  #upload;
  #onUploaded;
  #onFailed;
  #waiting = [];
  #items = new Set();
  #running = 0;

  constructor(panel, { upload, onUploaded, onFailed }) {
    this.#panel = panel;
    this.#list = panel.querySelector(".uploads-list");
    this.#title = panel.querySelector(".uploads-title");
    this.#upload = upload;
    this.#onUploaded = onUploaded;
    this.#onFailed = onFailed;
    panel.querySelector('[data-testid="uploads-close"]').addEventListener("click", () => this.#dismissAll());
    window.addEventListener("beforeunload", (event) => {
      if (this.#running > 0 || this.#waiting.length > 0) event.preventDefault();
    });
  }

  /** Queues `[{path, file}]` for upload. */
  add(files) {
    for (const { path, file } of files) {
      const item = this.#createItem(path, file);
      this.#items.add(item);
      this.#list.append(item.node);
      this.#waiting.push(item);
    }
    this.#panel.hidden = false;
    this.#updateTitle();
    this.#pump();
  }

  #createItem(path, file) {
    const node = el("li", "upload");
    node.dataset.testid = "upload-item";
    node.dataset.path = path;
    node.dataset.state = "waiting";
    const name = el("span", "upload-name", path);
    name.title = path;
    const progress = el("progress", "upload-progress");
    progress.max = 100;
    progress.value = 0;
    progress.dataset.testid = "upload-progress";
    progress.setAttribute("aria-label", `Upload of ${path}`);
    const status = el("span", "upload-status", `Waiting · ${formatSize(file.size)}`);
    status.dataset.testid = "upload-status";
    const button = el("button", "icon-button upload-cancel");
    button.type = "button";
    button.setAttribute("aria-label", `Cancel upload of ${path}`);
    button.append(icon("close"));
    node.append(name, button, progress, status);
    const item = { path, file, node, progress, status, button, controller: new AbortController(), state: "waiting" };
    button.addEventListener("click", () => this.#cancelOrDismiss(item));
    return item;
  }

  #pump() {
    while (this.#running < PARALLEL && this.#waiting.length > 0) {
      this.#run(this.#waiting.shift());
    }
  }

  async #run(item) {
    this.#running++;
    this.#setState(item, "uploading", "Starting…");
    try {
      const metadata = await this.#upload(item.path, item.file, {
        signal: item.controller.signal,
        onProgress: (loaded, total) => this.#progress(item, loaded, total),
      });
      item.progress.value = 100;
      this.#setState(item, "done", `Uploaded · ${formatSize(item.file.size)}`);
      setTimeout(() => this.#remove(item), DONE_LINGER_MS);
      this.#onUploaded(metadata, item.path);
    } catch (error) {
      if (item.state === "cancelled") return;
      this.#setState(item, "failed", error.message);
      this.#onFailed(item.path, error);
    } finally {
      this.#running--;
      this.#updateTitle();
      this.#pump();
    }
  }

  #progress(item, loaded, total) {
    const percent = total > 0 ? Math.min(99, Math.floor((loaded / total) * 100)) : 0;
    item.progress.value = percent;
    item.status.textContent = `${percent}% · ${formatSize(loaded)} of ${formatSize(total)}`;
  }

  #setState(item, state, text) {
    item.state = state;
    item.node.dataset.state = state;
    item.status.textContent = text;
    const finished = state === "done" || state === "failed" || state === "cancelled";
    item.button.setAttribute("aria-label", `${finished ? "Dismiss" : "Cancel upload of"} ${item.path}`);
    this.#updateTitle();
  }

  #cancelOrDismiss(item) {
    if (item.state === "waiting" || item.state === "uploading") {
      const wasWaiting = item.state === "waiting";
      this.#setState(item, "cancelled", "Cancelled");
      item.controller.abort();
      if (wasWaiting) this.#waiting = this.#waiting.filter((w) => w !== item);
      setTimeout(() => this.#remove(item), DONE_LINGER_MS);
      return;
    }
    this.#remove(item);
  }

  #remove(item) {
    if (!this.#items.delete(item)) return;
    item.node.remove();
    if (this.#items.size === 0) this.#panel.hidden = true;
    this.#updateTitle();
  }

  #dismissAll() {
    for (const item of [...this.#items]) this.#cancelOrDismiss(item);
    for (const item of [...this.#items]) this.#remove(item);
  }

  #updateTitle() {
    const all = [...this.#items];
    const active = all.filter((i) => i.state === "waiting" || i.state === "uploading").length;
    const failed = all.filter((i) => i.state === "failed").length;
    if (active > 0) this.#title.textContent = `Uploading ${active} ${active === 1 ? "file" : "files"}…`;
    else if (failed > 0) this.#title.textContent = `${failed} ${failed === 1 ? "upload" : "uploads"} failed`;
    else this.#title.textContent = "Uploads complete";
  }
}
