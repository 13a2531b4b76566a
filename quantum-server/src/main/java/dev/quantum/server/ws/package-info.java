/** The /ws WebSocket protocol: subscriptions, replay from the change log, live fan-out, heartbeat and limits. */
package dev.quantum.server.ws;
