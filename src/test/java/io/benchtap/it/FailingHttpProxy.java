package io.benchtap.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits in front of a real store: forwards every request to it, or, while {@link #failing} is
 * set, answers HTTP 500 without forwarding (a store that is up but cannot write). Not a fake: the
 * writes that get through land in the real store.
 */
final class FailingHttpProxy implements AutoCloseable {
  final AtomicBoolean failing = new AtomicBoolean();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger forwarded = new AtomicInteger();
  final int port;
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  FailingHttpProxy(int targetPort) throws Exception {
    HttpClient client = vertx.createHttpClient();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (failing.get()) {
        failed.incrementAndGet();
        req.response().setStatusCode(500).end("{\"code\":\"internal error\",\"message\":\"injected by FailingHttpProxy\"}");
        return;
      }
      RequestOptions o = new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(targetPort)
          .setURI(req.uri()).setHeaders(req.headers());
      client.request(o).compose(out -> out.send(body)).onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(502).end(ar.cause().toString());
          return;
        }
        forwarded.incrementAndGet();
        ar.result().body().onComplete(b -> req.response().setStatusCode(ar.result().statusCode())
            .end(b.succeeded() ? b.result() : io.vertx.core.buffer.Buffer.buffer()));
      });
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
