/** Helpers shared by Quantum's tests: a fake clock, test clients. */
package dev.quantum.testkit;
