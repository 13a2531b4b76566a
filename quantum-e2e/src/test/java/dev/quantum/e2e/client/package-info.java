/** End-to-end tests of the sync client: a real server process and real client processes on temp folders. */
package dev.quantum.e2e.client;
