package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import java.util.Objects;

/**
 * What the server answered for one path of a batch: a value, or the failure the single
 * request for that path would have thrown. Never {@link RemoteException.Unavailable}: an
 * unreachable server fails the whole batch instead. Immutable (but for a value that is a stream).
 *
 * @param <T> what a path's request gives when it succeeds
 */
public sealed interface Answer<T> {

    /** The path the answer is about. */
    RelativePath path();

    /** The value, or the failure thrown. */
    T get() throws RemoteException;

    /** The request for {@code path} gave {@code value}. */
    record Done<T>(RelativePath path, T value) implements Answer<T> {
        public Done {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public T get() {
            return value;
        }
    }

    /** The request for {@code path} failed, alone: {@link RemoteException.Stale} or {@link RemoteException.Rejected}. */
    record Failed<T>(RelativePath path, RemoteException failure) implements Answer<T> {
        public Failed {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(failure, "failure");
            if (failure instanceof RemoteException.Unavailable) {
                throw new IllegalArgumentException("an unreachable server fails the whole batch, not one path", failure);
            }
        }

        @Override
        public T get() throws RemoteException {
            throw failure;
        }
    }
}
