/** The client's durable state in SQLite under {@code DIR/.quantum/}. */
package dev.quantum.client.state;
