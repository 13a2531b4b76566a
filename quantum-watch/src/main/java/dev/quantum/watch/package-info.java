/** What the server's root watcher and the client's folder watcher share: how a synced tree is walked. */
package dev.quantum.watch;
