package io.benchtap.sink.prometheus;

import java.util.Map;

/** HELP texts of the benchmark metrics (the full catalog with units is docs/metrics.md). */
final class MetricCatalogHelp {
  private static final Map<String, String> HELP = Map.ofEntries(
      Map.entry("events_per_second", "Benchmark events (operations) per second."),
      Map.entry("events_total", "Events completed: final as printed for the run; interval a running count "
          + "since the run started (rate() and increase() work on it)."),
      Map.entry("retransmits_total", "TCP retransmits: final as printed for the run; interval a running count "
          + "since the run started (rate() and increase() work on it)."),
      Map.entry("datagrams_total", "UDP datagrams: final as printed for the run; interval a running count "
          + "since the run started (rate() and increase() work on it)."),
      Map.entry("datagrams_lost_total", "UDP datagrams lost: final as printed for the run; interval a running "
          + "count since the run started (rate() and increase() work on it)."),
      Map.entry("perf_events_total", "perf stat event count by event: final as printed for the run; interval "
          + "(-I) a running count since the run started (rate() and increase() work on it)."),
      Map.entry("total_time_seconds", "Wall time of a benchmark run."),
      Map.entry("latency_seconds", "Per-event latency; stat says which statistic (min, avg, max, sum, p95...)."),
      Map.entry("memory_throughput_bytes_per_second", "Memory transfer rate (sysbench memory)."),
      Map.entry("memory_transferred_bytes", "Bytes transferred by a memory benchmark run."),
      Map.entry("file_operations_per_second", "File operations per second by op (read, write, fsync)."),
      Map.entry("file_throughput_bytes_per_second", "File I/O throughput by op (read, write)."),
      Map.entry("thread_events", "Events per thread; stat is avg or stddev (fairness)."),
      Map.entry("thread_execution_time_seconds", "Execution time per thread; stat is avg or stddev (fairness)."),
      Map.entry("transactions_per_second", "Transactions per second."),
      Map.entry("queries_per_second", "Queries per second."),
      Map.entry("throughput_bytes_per_second", "Network throughput in bytes per second (x 8 for bit/s)."),
      Map.entry("round_trip_latency_seconds", "Round-trip latency (1 / transactions per second for request/response tests)."),
      Map.entry("flops_per_second", "Floating-point operations per second."),
      Map.entry("memory_bandwidth_bytes_per_second", "Sustainable memory bandwidth by op (copy, scale, add, triad...)."));

  private MetricCatalogHelp() {}

  static String help(String metric) {
    return HELP.getOrDefault(metric, "Benchmark measurement " + metric + " (see docs/metrics.md).");
  }
}
