// The versions dialog: a file's previous versions, or every recently deleted file,
// each with download and restore.

import { formatAbsolute, formatRelative, formatSize } from "./format.js";
import { nameOf, parentOf } from "./paths.js";
import { el, icon } from "./view.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * Opens previous versions through `api`; `tree` tells which paths exist now;
 * `notify(text, kind)` reports results; `onRestored(metadata)` applies a restore at once;
 * `canRestore()` says whether versions offer Restore (download is always offered).
 */
export function createVersionsPanel({ api, tree, notify, onRestored, canRestore = () => true }) {
  const dialog = byTestId("versions-dialog");
  const list = byTestId("versions-list");
  const title = dialog.querySelector(".dialog-title");
  const intro = dialog.querySelector(".versions-intro");
  let reopen = () => {};
  byTestId("versions-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });

  function show(heading, text, loader, unavailable) {
    title.textContent = heading;
    intro.textContent = text;
    list.replaceChildren(el("li", "versions-empty", "Loading…"));
    if (!dialog.open) dialog.showModal();
    reopen = () => show(heading, text, loader, unavailable);
    loader().catch((error) => {
      const message = error.status === 404 || error.status === 405 ? unavailable : error.message;
      list.replaceChildren(el("li", "versions-empty", message));
    });
  }

  async function restore(version, button) {
    button.disabled = true;
    try {
      const metadata = await api.restore(version.path, version.id);
      if (metadata?.path) onRestored(metadata);
      notify(`Restored “${nameOf(version.path)}” from ${formatRelative(new Date(version.replaced_at))}.`, "success");
      reopen();
    } catch (error) {
      notify(`Could not restore “${nameOf(version.path)}”: ${error.message}`, "error");
      button.disabled = false;
    }
  }

  function item(version, primary, secondary) {
    const node = el("li", "version");
    node.dataset.testid = "version-item";
    node.dataset.id = String(version.id);
    node.dataset.path = version.path;
    const text = el("div", "version-text");
    text.append(el("span", "version-primary", primary), el("span", "version-secondary", secondary));
    const download = el("a", "button button-small");
    download.href = api.versionUrl(version.path, version.id);
    download.download = nameOf(version.path);
    download.dataset.testid = "version-download";
    download.append(icon("download"), el("span", "button-label", "Download"));
    node.append(text, download);
    if (!canRestore()) return node;
    const restoreButton = el("button", "button button-small");
    restoreButton.type = "button";
    restoreButton.dataset.testid = "version-restore";
    restoreButton.append(icon("restore"), el("span", "button-label", "Restore"));
    restoreButton.addEventListener("click", () => restore(version, restoreButton));
    node.append(restoreButton);
    return node;
  }

  function describe(version) {
    const replaced = new Date(version.replaced_at);
    const verb = version.reason === "delete" ? "Deleted" : "Replaced";
    return `${verb} ${formatRelative(replaced)}`;
  }

  return {
    /** Shows the open dialog again, e.g. after `canRestore()` changed. */
    refresh() {
      if (dialog.open) reopen();
    },

    /** Shows the previous versions of `path`, newest first. */
    open(path) {
      show(`Versions of “${nameOf(path)}”`,
        canRestore()
          ? "Earlier contents of this file, kept when it was replaced or deleted. Restoring keeps the current one as a version too."
          : "Earlier contents of this file, kept when it was replaced or deleted.",
        async () => {
          const versions = await api.versions(path);
          list.replaceChildren(...(versions.length === 0
            ? [el("li", "versions-empty", "No previous versions yet.")]
            : versions.map((v) => item(v, describe(v),
              `${formatSize(v.size)} · last changed ${formatAbsolute(new Date(v.modified))}`))));
        }, "This server does not keep versions of this file.");
    },

    /** Shows every file that was deleted and can still be restored. */
    openTrash() {
      show("Recently deleted", canRestore()
        ? "Deleted files are kept for a while and can be restored to where they were."
        : "Deleted files are kept for a while; you can download them here.",
        async () => {
          const newest = new Map();
          for (const v of await api.allVersions()) {
            const known = newest.get(v.path);
            if (known === undefined || new Date(v.replaced_at) > new Date(known.replaced_at)) newest.set(v.path, v);
          }
          const deleted = [...newest.values()]
            .filter((v) => v.reason === "delete" && !tree.has(v.path))
            .sort((a, b) => new Date(b.replaced_at) - new Date(a.replaced_at));
          list.replaceChildren(...(deleted.length === 0
            ? [el("li", "versions-empty", "Nothing deleted recently.")]
            : deleted.map((v) => item(v, v.path,
              `${describe(v)} · ${formatSize(v.size)}${parentOf(v.path) ? ` · in ${parentOf(v.path)}` : ""}`))));
        }, "This server does not list deleted files.");
    },
  };
}
