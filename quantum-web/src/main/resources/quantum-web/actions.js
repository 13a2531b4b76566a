// What a person can do to an entry: rename or move, delete, look at versions, and
// create folders. Each action asks first, calls the API, and applies the result at once.

import { confirmAction, promptText } from "./dialogs.js";
import { isSameOrBelow, join, nameOf, parentOf, pathProblem } from "./paths.js";

/** Builds the actions; `currentFolder()` says where new folders go. */
export function createActions({ api, synced, notify, versions, currentFolder }) {
  const tree = synced.tree;

  function moveProblem(from, to) {
    const problem = pathProblem(to);
    if (problem !== null) return problem;
    if (to === from) return null;
    if (isSameOrBelow(to, from)) return "A folder cannot be moved into itself.";
    if (tree.has(to) && to.toLocaleLowerCase() !== from.toLocaleLowerCase()) return `“${to}” already exists.`;
    const parent = parentOf(to);
    if (parent !== "" && tree.has(parent) && !tree.isFolder(parent)) return `“${parent}” is a file, not a folder.`;
    return null;
  }

  async function rename(path) {
    const entry = tree.get(path);
    if (entry === undefined) return;
    const name = nameOf(path);
    const dot = entry.isDirectory ? -1 : name.lastIndexOf(".");
    const start = path.length - name.length;
    const end = dot > 0 ? start + dot : path.length;
    let target = null;
    await promptText({
      title: entry.isDirectory ? "Rename or move folder" : "Rename or move file",
      label: "Name or path",
      hint: "Type a new name, or a path with / to move it into another folder (e.g. archive/2024/report.pdf).",
      value: path,
      select: [start, end],
      submitLabel: "Save",
      suggestions: tree.folders().filter((f) => !isSameOrBelow(f, path)).map((f) => `${f}/${name}`),
      validate: (value) => moveProblem(path, value.trim()),
      submit: async (value) => {
        target = value.trim();
        if (target === path) return;
        const metadata = await api.move(path, target);
        synced.applyOwn({ Move: { from: path, to: target } });
        if (metadata?.path) synced.applyOwn({ Update: { metadata } });
      },
    });
    if (target === null || target === path) return;
    const verb = parentOf(target) === parentOf(path) ? "Renamed" : "Moved";
    notify(`${verb} “${name}” to “${parentOf(target) === parentOf(path) ? nameOf(target) : target}”.`, "success");
  }

  async function remove(path) {
    const entry = tree.get(path);
    if (entry === undefined) return;
    const name = nameOf(path);
    const count = entry.isDirectory ? tree.countBelow(path) : 0;
    const text = entry.isDirectory
      ? `The folder${count > 0 ? ` and the ${count} ${count === 1 ? "item" : "items"} in it` : ""} will be removed from every synced device. Deleted files can be restored from “Deleted” for a while.`
      : "It will be removed from every synced device. You can restore it from “Deleted” for a while.";
    const confirmed = await confirmAction({ title: `Delete “${name}”?`, text, confirmLabel: "Delete" });
    if (!confirmed) return;
    try {
      await api.remove(path);
      synced.applyOwn({ Delete: { path } });
      notify(`Deleted “${name}”.`, "success");
    } catch (error) {
      if (error.status === 404) synced.applyOwn({ Delete: { path } });
      notify(`Could not delete “${name}”: ${error.message}`, "error");
    }
  }

  async function newFolder() {
    const folder = currentFolder();
    let created = null;
    await promptText({
      title: "New folder",
      label: "Folder name",
      hint: folder === "" ? "" : `It will be created in “${folder}”.`,
      submitLabel: "Create",
      validate: (value) => {
        const problem = pathProblem(value.trim());
        if (problem !== null) return problem;
        return tree.has(join(folder, value.trim())) ? `“${value.trim()}” already exists here.` : null;
      },
      submit: async (value) => {
        const path = join(folder, value.trim());
        const metadata = await api.mkdir(path);
        const fallback = { path, size: 0, modified: new Date().toISOString(), hash: "", is_directory: true };
        synced.applyOwn({ Create: { metadata: metadata?.path ? metadata : fallback } });
        created = path;
      },
    });
    if (created !== null) notify(`Created folder “${nameOf(created)}”.`, "success");
  }

  return {
    newFolder,
    /** Runs the row action `action` ("rename" | "delete" | "versions") on `path`. */
    run(action, path) {
      if (action === "rename") rename(path);
      else if (action === "delete") remove(path);
      else if (action === "versions") versions.open(path);
    },
  };
}
