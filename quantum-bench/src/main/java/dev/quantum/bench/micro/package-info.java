/** JMH microbenchmarks of the hot paths behind the end-to-end figures: codec and hashing. */
package dev.quantum.bench.micro;
