/** The synced folder on disk: scanning, watching, and writes that never leave partial files. */
package dev.quantum.client.local;
