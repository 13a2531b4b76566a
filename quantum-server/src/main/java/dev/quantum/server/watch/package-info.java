/** Watches a root on disk and turns direct edits into committed changes (events are hints; the store's reconcile decides). */
package dev.quantum.server.watch;
