/** The sync loop and its collaborators' contracts: local tree, remote server, state store. */
package dev.quantum.client.sync;
