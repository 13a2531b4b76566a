/** Jetty plumbing: routes compiled into handlers, JSON errors, request metrics, /health and /metrics. */
package dev.quantum.server.http;
