/** Which paths a synced folder leaves out: {@code .syncignore} rules in gitignore syntax, plus editor and OS temp files. */
package dev.quantum.core.ignore;
