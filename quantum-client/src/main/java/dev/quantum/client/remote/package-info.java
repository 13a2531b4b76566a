/** The server as the client reaches it: the HTTP API and the /ws push channel. */
package dev.quantum.client.remote;
