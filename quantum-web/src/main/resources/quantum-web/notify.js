// Toasts: short messages about what just happened; errors are announced assertively.

import { el, icon } from "./view.js";

const LINGER_MS = { info: 4000, success: 4000, error: 9000 };

/** Shows `text` in the toast region; `kind` is "info" | "success" | "error". */
export function notify(text, kind = "info") {
  const region = document.querySelector('[data-testid="toasts"]');
  const toast = el("div", `toast toast-${kind}`);
  toast.dataset.testid = "toast";
  toast.dataset.kind = kind;
  if (kind === "error") toast.setAttribute("role", "alert");
  const close = el("button", "icon-button toast-close");
  close.type = "button";
  close.setAttribute("aria-label", "Dismiss");
  close.append(icon("close"));
  close.addEventListener("click", () => toast.remove());
  toast.append(el("span", "toast-text", text), close);
  region.append(toast);
  while (region.children.length > 4) region.firstElementChild.remove();
  let timer = setTimeout(() => toast.remove(), LINGER_MS[kind] ?? LINGER_MS.info);
  toast.addEventListener("mouseenter", () => clearTimeout(timer));
  toast.addEventListener("mouseleave", () => {
    timer = setTimeout(() => toast.remove(), LINGER_MS.info);
  });
}
