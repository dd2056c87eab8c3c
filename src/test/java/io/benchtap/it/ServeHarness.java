package io.benchtap.it;

import io.benchtap.bench.InProcessServe;
import io.benchtap.serve.ServeVerticle;
import io.vertx.core.Vertx;
import java.util.Map;

/** Runs the whole {@code serve} verticle tree in-process with the given flag overrides. */
final class ServeHarness implements AutoCloseable {
  private final InProcessServe inProcess;
  final Vertx vertx;
  final ServeVerticle serve;

  ServeHarness(Map<String, String> flags) throws Exception {
    inProcess = new InProcessServe(flags);
    vertx = inProcess.vertx;
    serve = inProcess.serve;
  }

  String base() {
    return "http://127.0.0.1:" + serve.httpPort();
  }

  String metrics() {
    return ItEnv.http(inProcess.metricsUrl()).body();
  }

  @Override
  public void close() throws Exception {
    inProcess.close();
  }
}
