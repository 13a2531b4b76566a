package dev.quantum.client.sync;

import java.io.IOException;

/** Downloaded bytes do not hash to what the server announced (it changed meanwhile, or the transfer broke); nothing was installed. */
public final class ContentMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    public ContentMismatchException(String message) {
        super(message);
    }
}
