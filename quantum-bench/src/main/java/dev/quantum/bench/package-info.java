/** The bin/bench harness: command line, benchmark registry and the run that writes the report. */
package dev.quantum.bench;
