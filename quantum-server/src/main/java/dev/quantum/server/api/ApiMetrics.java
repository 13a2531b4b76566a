package dev.quantum.server.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The API's own meters: committed uploads and their bytes. Thread-safe. */
public record ApiMetrics(Counter uploads, Counter uploadBytes) {

    public static ApiMetrics register(MeterRegistry registry) {
        return new ApiMetrics(
                Counter.builder("quantum.uploads").description("uploads that committed new content").register(registry),
                Counter.builder("quantum.upload.bytes").baseUnit("bytes").description("bytes of committed uploads").register(registry));
    }
}
