/** The WebSocket load generator (its own JVM, Jetty's client) and the harness side that drives it. */
package dev.quantum.bench.load;
