// Renders one folder's entries as table rows, reusing rows by path so that live
// updates only touch what changed, and briefly highlighting those.

import { conflictInfo, formatExactSize, formatFull, formatRelative, formatSize } from "./format.js";
import { hashForFolder, nameOf } from "./paths.js";

const SVG = "http://www.w3.org/2000/svg";

/** An inline icon from the sprite in index.html, hidden from assistive technology. */
export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", `icon icon-${name}`);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const use = document.createElementNS(SVG, "use");
  use.setAttribute("href", `#i-${name}`);
  svg.append(use);
  return svg;
}

/** An element with a class and optional text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const KINDS = [
  [/\.(png|jpe?g|gif|webp|avif|svg|bmp|heic|tiff?)$/i, "image"],
  [/\.(mp4|mov|mkv|webm|avi|mp3|wav|flac|ogg|m4a)$/i, "media"],
  [/\.(zip|tar|gz|tgz|bz2|xz|7z|rar|zst)$/i, "archive"],
  [/\.(pdf|docx?|odt|rtf|txt|md|xlsx?|ods|csv|pptx?|odp)$/i, "document"],
  [/\.(js|mjs|ts|java|rs|py|go|c|h|cpp|json|xml|ya?ml|toml|html|css|sh)$/i, "code"],
];

function kindOf(entry) {
  if (entry.isDirectory) return "folder";
  return KINDS.find(([pattern]) => pattern.test(entry.path))?.[1] ?? "file";
}

/** Sorts entries in place: folders first, then by `key` ("name" | "size" | "modified"). */
export function sortEntries(entries, key, ascending) {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const byName = (a, b) => collator.compare(nameOf(a.path), nameOf(b.path));
  const compare = {
    name: byName,
    size: (a, b) => a.size - b.size || byName(a, b),
    modified: (a, b) => a.modified - b.modified || byName(a, b),
  }[key] ?? byName;
  return entries.sort((a, b) => {
    if (a.isDirectory !== b.isDirectory) return a.isDirectory ? -1 : 1;
    const order = compare(a, b);
    return ascending ? order : -order;
  });
}

function actionButton(action, label, iconName) {
  const button = el("button", `icon-button action-${action}`);
  button.type = "button";
  button.dataset.action = action;
  button.dataset.testid = `${action}-button`;
  button.setAttribute("aria-label", label);
  button.title = label;
  button.append(icon(iconName));
  return button;
}

/**
 * The rows of the current folder inside `tbody`. `fileUrl(path)` gives download links;
 * `countChildren(path)` the item count shown for folders; `canWrite()` whether rows offer
 * rename and delete.
 */
export class Listing {
  #tbody;
  #rows = new Map();
  #shown = new Map();
  #fileUrl;
  #countChildren;
  #canWrite;

  constructor(tbody, { fileUrl, countChildren, canWrite = () => true }) {
    this.#tbody = tbody;
    this.#fileUrl = fileUrl;
    this.#countChildren = countChildren;
    this.#canWrite = canWrite;
  }

  /** Shows exactly `entries` in this order; rows in `highlight` flash briefly. */
  render(entries, highlight = new Set()) {
    const wanted = new Set(entries.map((e) => e.path));
    for (const [path, row] of this.#rows) {
      if (!wanted.has(path)) {
        row.remove();
        this.#rows.delete(path);
        this.#shown.delete(path);
      }
    }
    let previous = null;
    for (const entry of entries) {
      let row = this.#rows.get(entry.path);
      if (row === undefined) {
        row = this.#createRow(entry);
        this.#rows.set(entry.path, row);
      } else if (this.#shown.get(entry.path) !== entry) {
        this.#fill(row, entry);
      } else if (entry.isDirectory) {
        this.#fillCount(row.children[1], entry.path);
      }
      this.#shown.set(entry.path, entry);
      const expectedNext = previous === null ? this.#tbody.firstElementChild : previous.nextElementSibling;
      if (expectedNext !== row) {
        if (previous === null) this.#tbody.prepend(row); else previous.after(row);
      }
      if (highlight.has(entry.path)) flash(row);
      previous = row;
    }
  }

  /** Clears all rows, e.g. when changing folder. */
  clear() {
    this.#tbody.replaceChildren();
    this.#rows.clear();
    this.#shown.clear();
  }

  /** Rebuilds every row's action buttons, e.g. after `canWrite()` changed. */
  refreshActions() {
    for (const [path, row] of this.#rows) row.children[3].replaceChildren(...this.#actions(this.#shown.get(path)));
  }

  /** Refreshes relative dates ("5 minutes ago") without other changes. */
  refreshDates() {
    const now = new Date();
    for (const time of this.#tbody.querySelectorAll("time[datetime]")) {
      time.textContent = formatRelative(new Date(time.dateTime), now);
    }
  }

  #createRow(entry) {
    const row = el("tr", "row");
    row.dataset.testid = "file-row";
    row.dataset.path = entry.path;
    const nameCell = el("td", "cell-name");
    const sizeCell = el("td", "cell-size");
    sizeCell.dataset.testid = "file-size";
    const dateCell = el("td", "cell-modified");
    dateCell.dataset.testid = "file-modified";
    const actions = el("td", "cell-actions");
    row.append(nameCell, sizeCell, dateCell, actions);
    this.#fill(row, entry);
    return row;
  }

  #fill(row, entry) {
    const [nameCell, sizeCell, dateCell, actions] = row.children;
    const kind = kindOf(entry);
    row.dataset.type = entry.isDirectory ? "folder" : "file";
    row.dataset.size = String(entry.size);
    row.dataset.modified = entry.modified.toISOString();
    const nameBox = el("div", "name-box");
    nameBox.append(this.#nameLink(entry, kind), ...conflictBadge(entry));
    nameCell.replaceChildren(nameBox);
    if (entry.isDirectory) {
      this.#fillCount(sizeCell, entry.path);
    } else {
      sizeCell.textContent = formatSize(entry.size);
      sizeCell.title = formatExactSize(entry.size);
    }
    const time = el("time", "", formatRelative(entry.modified));
    time.dateTime = entry.modified.toISOString();
    time.title = formatFull(entry.modified);
    dateCell.replaceChildren(time);
    actions.replaceChildren(...this.#actions(entry));
  }

  #fillCount(sizeCell, path) {
    const count = this.#countChildren(path);
    sizeCell.textContent = `${count} ${count === 1 ? "item" : "items"}`;
    sizeCell.title = "";
  }

  #nameLink(entry, kind) {
    const name = nameOf(entry.path);
    const link = el("a", "entry-name");
    link.dataset.testid = "entry-name";
    const iconBox = el("span", `entry-icon kind-${kind}`);
    iconBox.append(icon(kind === "folder" ? "folder" : "file"));
    link.append(iconBox, el("span", "entry-label", name));
    if (entry.isDirectory) {
      link.href = hashForFolder(entry.path);
    } else {
      link.href = this.#fileUrl(entry.path);
      link.download = name;
    }
    return link;
  }

  #actions(entry) {
    const buttons = [];
    if (!entry.isDirectory) {
      const download = el("a", "icon-button action-download");
      download.href = this.#fileUrl(entry.path);
      download.download = nameOf(entry.path);
      download.dataset.testid = "download-button";
      download.setAttribute("aria-label", `Download ${nameOf(entry.path)}`);
      download.title = "Download";
      download.append(icon("download"));
      buttons.push(download, actionButton("versions", `Versions of ${nameOf(entry.path)}`, "history"));
    }
    if (this.#canWrite()) {
      buttons.push(
        actionButton("rename", `Rename or move ${nameOf(entry.path)}`, "edit"),
        actionButton("delete", `Delete ${nameOf(entry.path)}`, "trash"),
      );
    }
    return buttons;
  }
}

function conflictBadge(entry) {
  const info = conflictInfo(nameOf(entry.path));
  if (info === null) return [];
  const badge = el("span", "badge badge-conflict", "Conflict");
  badge.dataset.testid = "conflict-badge";
  badge.title = `Conflict copy kept from ${info.device || "another device"} (${info.stamp}): `
    + "the file was changed in two places at once, and this is the version that lost.";
  return [badge];
}

function flash(row) {
  row.classList.remove("flash");
  void row.offsetWidth;
  row.classList.add("flash");
  row.addEventListener("animationend", () => row.classList.remove("flash"), { once: true });
}
