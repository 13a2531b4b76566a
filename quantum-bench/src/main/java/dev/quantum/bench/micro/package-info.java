/** JMH microbenchmarks of the hot paths behind the end-to-end figures: codec, hashing and the store's change-log writes. */
package dev.quantum.bench.micro;
