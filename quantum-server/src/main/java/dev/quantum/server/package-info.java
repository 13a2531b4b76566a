/** The Quantum server: command line, logging and the wiring of config, stores, watchers and HTTP servers. */
package dev.quantum.server;
