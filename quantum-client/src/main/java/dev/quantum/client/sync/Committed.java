package dev.quantum.client.sync;

/**
 * Where one write of ours landed in the server's change log: its changes have the
 * consecutive seqs {@code first..last}; {@code first} is 0 when the server did not say
 * (or committed nothing), and then the write's place in the log is unknown. Immutable.
 */
public record Committed(long first, long last) {

    public static final Committed UNKNOWN = new Committed(0, 0);

    public Committed {
        if (first < 0 || last < 0 || (first > 0 && last < first)) {
            throw new IllegalArgumentException("bad seq range " + first + ".." + last);
        }
    }

    public boolean known() {
        return first > 0;
    }
}
