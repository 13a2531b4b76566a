/** Child processes of a benchmark run: server, sync clients, shell baselines, jcmd heap reads. */
package dev.quantum.bench.proc;
