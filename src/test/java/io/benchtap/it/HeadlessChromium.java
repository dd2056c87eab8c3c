package io.benchtap.it;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real headless Chromium (Debian's package) driven over the Chrome DevTools Protocol with a
 * Vert.x WebSocket: navigate, evaluate JavaScript in the page, take a screenshot. One page, a
 * fresh profile, every call bounded; {@link #close()} ends the browser and all its processes.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Vertx vertx = Vertx.vertx();
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private WebSocket ws;

  private HeadlessChromium(Process process) {
    this.process = process;
  }

  /** The browser binary: Debian's real one (its /usr/bin/chromium is a shell wrapper that does not exec). */
  static String binary() {
    for (String b : List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (new File(b).canExecute()) {
        return b;
      }
    }
    throw new IllegalStateException("chromium is not installed: bin/setup installs Debian's chromium package");
  }

  /** Starts Chromium with a fresh profile in {@code profile} and attaches to its page. */
  static HeadlessChromium launch(Path profile, File log, int width, int height) throws Exception {
    Files.createDirectories(profile);
    Process p = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--remote-allow-origins=*", "--window-size=" + width + "," + height, "about:blank")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    HeadlessChromium c = new HeadlessChromium(p);
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      ItEnv.await("Chromium's DevTools port (log: " + log + ")", Duration.ofSeconds(30),
          () -> Files.isRegularFile(portFile) && readLines(portFile).size() >= 2);
      int port = Integer.parseInt(readLines(portFile).get(0).trim());
      String[] page = new String[1];
      ItEnv.await("Chromium's page target", Duration.ofSeconds(15), () -> {
        for (Object o : new JsonArray(ItEnv.http("http://127.0.0.1:" + port + "/json/list").body())) {
          JsonObject t = (JsonObject) o;
          if ("page".equals(t.getString("type"))) {
            page[0] = t.getString("webSocketDebuggerUrl");
            return true;
          }
        }
        return false;
      });
      // A loaded machine sometimes closes the first DevTools handshake: try a few times.
      for (int attempt = 1; ; attempt++) {
        try {
          c.connect(page[0]);
          break;
        } catch (Exception e) {
          if (attempt >= 5) {
            throw e;
          }
          Thread.sleep(1000);
        }
      }
      c.call("Page.enable", new JsonObject());
      c.call("Runtime.enable", new JsonObject());
      return c;
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      return List.of();
    }
  }

  private void connect(String url) throws Exception {
    WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20);
    ws = await(vertx.createWebSocketClient(options).connect(new io.vertx.core.http.WebSocketConnectOptions()
        .setAbsoluteURI(url)));
    ws.textMessageHandler(text -> {
      JsonObject msg = new JsonObject(text);
      Long id = msg.getLong("id");
      Promise<JsonObject> p = id == null ? null : pending.remove(id);
      if (p == null) {
        return;
      }
      if (msg.containsKey("error")) {
        p.fail(new IllegalStateException("CDP error: " + msg.getJsonObject("error").encode()));
      } else {
        p.complete(msg.getJsonObject("result", new JsonObject()));
      }
    });
  }

  /** Sends one CDP command and waits (bounded) for its result. */
  JsonObject call(String method, JsonObject params) throws Exception {
    long id = ids.incrementAndGet();
    Promise<JsonObject> p = Promise.promise();
    pending.put(id, p);
    ws.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
    try {
      return await(p.future());
    } finally {
      pending.remove(id);
    }
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", new JsonObject().put("url", url));
  }

  /** Evaluates an expression in the page; its value (awaited when a promise) as a string, or null. */
  String eval(String expression) throws Exception {
    JsonObject r = call("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + r.getJsonObject("exceptionDetails").encode());
    }
    Object v = r.getJsonObject("result").getValue("value");
    return v == null ? null : String.valueOf(v);
  }

  /** A PNG of the whole page (as wide as the window, as tall as the content). */
  void screenshot(Path png) throws Exception {
    JsonObject metrics = call("Page.getLayoutMetrics", new JsonObject());
    JsonObject size = metrics.getJsonObject("cssContentSize", metrics.getJsonObject("contentSize"));
    JsonObject viewport = metrics.getJsonObject("cssLayoutViewport", new JsonObject());
    double width = viewport.getDouble("clientWidth", size.getDouble("width"));
    double height = Math.min(6000, Math.max(viewport.getDouble("clientHeight", 0.0), size.getDouble("height")));
    JsonObject r = call("Page.captureScreenshot", new JsonObject().put("format", "png").put("captureBeyondViewport", true)
        .put("clip", new JsonObject().put("x", 0).put("y", 0).put("width", width).put("height", height).put("scale", 1)));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(r.getString("data")));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      if (ws != null) {
        try {
          call("Browser.close", new JsonObject());
        } catch (Exception e) {
          // the browser may close the socket before it answers
        }
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
