/**
 * What the server and the client share on disk: how a synced tree is walked, flushing big
 * files behind their writer, flushing a whole file system, and the folders new files are
 * staged in.
 */
package dev.quantum.fs;
