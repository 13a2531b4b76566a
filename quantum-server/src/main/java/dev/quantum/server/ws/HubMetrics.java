package dev.quantum.server.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/** The hub's Prometheus meters: connections, messages each way, errors, slow consumers. Thread-safe. */
final class HubMetrics {

    private final Counter opened;
    private final Counter closed;
    private final Counter received;
    private final Counter sent;
    private final Counter errors;
    private final Counter slowConsumers;
    private final Counter broadcasts;
    private final Counter refused;

    HubMetrics(MeterRegistry registry, IntSupplier open) {
        Gauge.builder("quantum_ws_connections", open, s -> s.getAsInt())
                .description("Open WebSocket connections").register(registry);
        opened = Counter.builder("quantum_ws_connections_opened").description("WebSocket connections opened").register(registry);
        closed = Counter.builder("quantum_ws_connections_closed").description("WebSocket connections closed").register(registry);
        received = Counter.builder("quantum_ws_messages_received").description("Messages received from clients").register(registry);
        sent = Counter.builder("quantum_ws_messages_sent").description("Messages queued to clients").register(registry);
        errors = Counter.builder("quantum_ws_errors_sent").description("Error messages sent to clients").register(registry);
        slowConsumers = Counter.builder("quantum_ws_slow_consumers_closed")
                .description("Connections closed because their send queue was full").register(registry);
        broadcasts = Counter.builder("quantum_ws_broadcasts").description("Changes fanned out").register(registry);
        refused = Counter.builder("quantum_ws_connections_refused")
                .description("WebSocket upgrades refused because max_connections were open").register(registry);
    }

    void opened() {
        opened.increment();
    }

    void closed() {
        closed.increment();
    }

    void received() {
        received.increment();
    }

    void sent() {
        sent.increment();
    }

    void errorSent() {
        errors.increment();
    }

    void slowConsumer() {
        slowConsumers.increment();
    }

    void broadcast() {
        broadcasts.increment();
    }

    void refusedForLimit() {
        refused.increment();
    }
}
