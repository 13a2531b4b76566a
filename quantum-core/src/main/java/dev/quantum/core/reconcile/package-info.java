/** Pure three-way reconciliation of a synced folder: base, local and remote trees in, an ordered plan of actions out. */
package dev.quantum.core.reconcile;
