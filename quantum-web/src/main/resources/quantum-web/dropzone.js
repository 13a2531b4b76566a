// Drag and drop of files and whole folders anywhere on the page.

/**
 * Calls `onFiles([{relativePath, file}])` for everything dropped on the page, walking
 * dropped folders recursively; `describeTarget()` names where the drop would go.
 * While `refusal()` gives a text (uploads are not allowed), a drag shows no overlay and
 * offers no drop, and a drop anyway only calls `onRefused(text)`; the page stays as it is.
 */
export function installDropZone(overlay, { describeTarget, onFiles, refusal = () => null, onRefused = () => {} }) {
  let depth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
  const hide = () => {
    depth = 0;
    overlay.hidden = true;
  };

  document.addEventListener("dragenter", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (refusal() !== null) return;
    depth++;
    overlay.querySelector(".drop-target").textContent = describeTarget();
    overlay.hidden = false;
  });
  document.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = refusal() === null ? "copy" : "none";
  });
  document.addEventListener("dragleave", (event) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener("drop", async (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    hide();
    const refused = refusal();
    if (refused !== null) {
      onRefused(refused);
      return;
    }
    const files = await collect(event.dataTransfer);
    if (files.length > 0) onFiles(files);
  });
  window.addEventListener("blur", hide);
}

async function collect(dataTransfer) {
  const entries = [...(dataTransfer.items ?? [])]
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry) => entry);
  if (entries.length === 0) {
    return [...dataTransfer.files].map((file) => ({ relativePath: file.name, file }));
  }
  const result = [];
  for (const entry of entries) await walk(entry, "", result);
  return result;
}

async function walk(entry, prefix, result) {
  const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    result.push({ relativePath: path, file });
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, result);
  }
}
