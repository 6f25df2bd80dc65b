package io.mindmesh.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Publishes Quarkus' {@code http_server_requests_seconds} as a histogram with fixed buckets
 * ({@code _bucket{le=...}}), so that alerts and dashboards can compute per-service latency
 * quantiles with {@code histogram_quantile} over any number of replicas. Fixed buckets rather
 * than Micrometer's percentile histogram: about a dozen series per route instead of seventy.
 */
public class HttpLatencyHistogram {

    /** The timer Quarkus records every served HTTP request in. */
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @ConfigMapping(prefix = "mindmesh.metrics.http-server")
    public interface Config {
        /** Upper bounds of the latency buckets; the alerts' latency thresholds should be one of them. */
        @WithDefault("5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2s,5s,10s")
        List<Duration> latencyBuckets();
    }

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets(Config config) {
        double[] buckets = config.latencyBuckets().stream().mapToDouble(d -> d.toNanos()).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig statistics) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return statistics;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(statistics);
            }
        };
    }
}
