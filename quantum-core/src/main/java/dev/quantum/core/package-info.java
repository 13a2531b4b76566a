/** The pure domain of Quantum: validated paths, file metadata and change operations. */
package dev.quantum.core;
