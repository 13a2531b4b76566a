/** The durable state of a synced root: SQLite index, change log and versions under ROOT/.quantum, and the disk beside them. */
package dev.quantum.server.store;
