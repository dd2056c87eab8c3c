package io.benchtap.it;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay in front of a real broker that can hold what clients send: while held,
 * bytes from the client are kept instead of forwarded, so messages the client has written stay
 * unacknowledged for as long as the test needs (the broker never saw them). {@link #release}
 * forwards what was kept, in order; when the broker closes a connection, the client's side is
 * closed too and whatever was kept for it is dropped, as a dying broker drops unread input.
 * Broker-to-client bytes always pass.
 */
final class HoldingProxy implements AutoCloseable {
  private final NetServer server;
  private final NetClient client;
  private final int brokerPort;
  private final List<Relay> relays = new ArrayList<>();
  private boolean holding;
  final int port;

  private final class Relay {
    final NetSocket front;
    NetSocket back;
    final List<Buffer> kept = new ArrayList<>();

    Relay(NetSocket front) {
      this.front = front;
    }

    void fromClient(Buffer b) {
      if (holding || back == null) {
        kept.add(b);
      } else {
        back.write(b);
      }
    }

    void flush() {
      if (back != null && !holding) {
        kept.forEach(back::write);
        kept.clear();
      }
    }

    void close() {
      kept.clear();
      front.close();
      if (back != null) {
        back.close();
      }
    }
  }

  HoldingProxy(Vertx vertx, int brokerPort) throws Exception {
    this.brokerPort = brokerPort;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::accept);
    this.port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  private synchronized void accept(NetSocket front) {
    Relay r = new Relay(front);
    relays.add(r);
    front.pause();
    front.handler(b -> {
      synchronized (this) {
        r.fromClient(b);
      }
    });
    front.closeHandler(v -> {
      synchronized (this) {
        relays.remove(r);
        r.close();
      }
    });
    client.connect(brokerPort, "127.0.0.1").onComplete(ar -> {
      synchronized (this) {
        if (ar.failed()) {
          relays.remove(r);
          r.close();
          return;
        }
        NetSocket back = ar.result();
        r.back = back;
        back.handler(front::write);
        back.closeHandler(v -> {
          synchronized (this) {
            relays.remove(r);
            r.close();
          }
        });
        r.flush();
        front.resume();
      }
    });
  }

  /** From now on, keep what clients send instead of forwarding it. */
  synchronized void hold() {
    holding = true;
  }

  /** Forward what was kept, in order, and everything after it. */
  synchronized void release() {
    holding = false;
    relays.forEach(Relay::flush);
  }

  @Override
  public void close() throws Exception {
    synchronized (this) {
      new ArrayList<>(relays).forEach(Relay::close);
      relays.clear();
    }
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
