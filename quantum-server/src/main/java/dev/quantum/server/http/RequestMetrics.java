package dev.quantum.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Counts finished HTTP requests by status class ({@code quantum_http_requests_total{status="2xx"}}). Thread-safe. */
final class RequestMetrics extends Handler.Wrapper {

    private final Counter[] byClass = new Counter[6];
    private final Counter failed;

    RequestMetrics(MeterRegistry registry, Handler next) {
        super(next);
        for (int i = 1; i <= 5; i++) {
            byClass[i] = counter(registry, i + "xx");
        }
        failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String status) {
        return Counter.builder("quantum.http.requests").description("finished HTTP requests by status class")
                .tag("status", status).register(registry);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Request.addCompletionListener(request, failure -> {
            int status = response.getStatus() / 100;
            (failure != null || status < 1 || status > 5 ? failed : byClass[status]).increment();
        });
        return super.handle(request, response, callback);
    }
}
