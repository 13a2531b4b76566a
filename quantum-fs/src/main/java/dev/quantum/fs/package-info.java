/** What the server and the client share on disk: how a synced tree is walked, and flushing big files behind their writer. */
package dev.quantum.fs;
