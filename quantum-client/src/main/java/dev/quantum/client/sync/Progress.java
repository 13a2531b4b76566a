package dev.quantum.client.sync;

/**
 * Progress of a batch of transfers: a bar on a terminal, periodic log lines otherwise.
 * Thread-safe: transfers report from several threads.
 */
public interface Progress extends AutoCloseable {

    /** One more transfer finished. */
    void step();

    @Override
    void close();

    /** Makes a progress display for {@code total} transfers. */
    interface Factory {
        Progress start(String task, long total);
    }

    /** Shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void step() {
        }

        @Override
        public void close() {
        }
    };
}
