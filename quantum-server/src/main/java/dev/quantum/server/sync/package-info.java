/** The contract between a file_sync root's committed state and the parts that publish it (the /ws hub). */
package dev.quantum.server.sync;
