/** The wire protocol of /ws and the JSON bodies of the HTTP API, with the one codec that reads and writes them. */
package dev.quantum.protocol;
