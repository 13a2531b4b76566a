/** The {@code realtime-sync-client} command: options, logging and the process lifecycle. */
package dev.quantum.client;
