/** The benchmarks of issue 5, one class each, from propagation latency to client memory. */
package dev.quantum.bench.cases;
