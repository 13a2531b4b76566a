/** The WebSocket load generator (its own JVM, non-blocking sockets, a minimal RFC 6455 client) and the harness side that drives it. */
package dev.quantum.bench.load;
