/** Figures, their statistics, baselines and targets, and the Markdown report that holds them. */
package dev.quantum.bench.report;
