/** The Caddy-shaped JSON configuration: decode, validate and normalise into typed records. */
package dev.quantum.server.config;
