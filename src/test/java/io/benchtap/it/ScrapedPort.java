package io.benchtap.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one port bin/test's Prometheus scrapes ({@link ItEnv#scrapedHttpPort()}), shared by the
 * integration tests that run {@code benchtap serve} there (EndToEndIT, DashboardQueriesIT). Failsafe
 * runs IT classes one after another in one JVM, so each waits until the port is free before it
 * starts its serve, and stops it and waits for the port again when it is done.
 */
public final class ScrapedPort {
  private ScrapedPort() {}

  /** True when nothing listens on 127.0.0.1:port and it can be bound. */
  public static boolean free(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return false;
    } catch (IOException refused) {
      // nothing listening: can we bind it?
    }
    try (ServerSocket ss = new ServerSocket()) {
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until the port is free; fails after the timeout saying who holds it. */
  public static void awaitFree(int port, Duration max) {
    ItEnv.await("port 127.0.0.1:" + port + " (scraped by Prometheus) to be free: another test's benchtap serve still "
        + "holds it", max, () -> free(port));
  }

  /** Stops a serve process (SIGTERM, then SIGKILL after 30 s) and waits until its port is free. */
  public static void stop(Process serve, int port) throws InterruptedException {
    if (serve != null) {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
        serve.waitFor(10, TimeUnit.SECONDS);
      }
    }
    awaitFree(port, Duration.ofSeconds(30));
  }
}
