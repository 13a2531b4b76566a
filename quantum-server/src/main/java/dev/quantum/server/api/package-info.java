/** The file_sync handler: the HTTP API of SPEC §3 over a SyncStore, plus the /ws and web UI seams. */
package dev.quantum.server.api;
