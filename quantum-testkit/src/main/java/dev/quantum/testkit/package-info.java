/** Helpers for tests that talk to a real Quantum server: a WebSocket test client, a fake clock, free ports. */
package dev.quantum.testkit;
