package io.benchtap.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * benchtap's logback.xml as shipped, in a logger context of its own writing to a captured stderr:
 * what vertx-mqtt logs for each refused reconnect, Moquette's errors with their stack traces, and
 * an exception logged by benchtap itself.
 */
class LogConfigTest {

  private static List<String> logged(String rootLevel, java.util.function.Consumer<LoggerContext> body) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      ctx.putProperty("BENCHTAP_LOG_LEVEL", rootLevel);
      JoranConfigurator jc = new JoranConfigurator();
      jc.setContext(ctx);
      jc.doConfigure(LogConfigTest.class.getResource("/logback.xml"));
      body.accept(ctx);
    } finally {
      ctx.stop();
      System.setErr(saved);
    }
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Exception refused() {
    Exception e = new java.io.IOException("Connection refused: /127.0.0.1:1883", new ConnectException("Connection refused"));
    e.fillInStackTrace();
    return e;
  }

  @Test
  void refusedReconnectsOfTheMqttLibraryAreLeftToBenchtapsOwnLine() throws Exception {
    List<String> lines = logged("INFO", ctx -> {
      Logger client = ctx.getLogger("io.vertx.mqtt.impl.MqttClientImpl");
      for (int i = 0; i < 100; i++) {
        client.error("Can't connect to {}:{}", "127.0.0.1", 1883, refused());
      }
    });
    assertThat(lines).isEmpty();
  }

  @Test
  void otherLibraryErrorsAreOneLineEachAndRateLimited() throws Exception {
    List<String> lines = logged("INFO", ctx -> {
      Logger moquette = ctx.getLogger("io.moquette.broker.NewNettyMQTTHandler");
      for (int i = 0; i < 100; i++) {
        moquette.error("Unexpected exception while processing MQTT message. Closing Netty channel. CId={}", "c" + i, refused());
      }
    });
    assertThat(lines).hasSize(LibraryNoise.PER_MINUTE);
    assertThat(lines.get(0)).contains("ERROR NewNettyMQTTHandler - Unexpected exception")
        .endsWith("(IOException: Connection refused: /127.0.0.1:1883; caused by ConnectException: Connection refused)");
  }

  @Test
  void benchtapsOwnExceptionsAreOneLineWithTheFrameAndTracesOnlyAtDebug() throws Exception {
    Exception bug = new IllegalStateException("state");
    List<String> info = logged("INFO", ctx -> ctx.getLogger("io.benchtap.X").warn("failed", bug));
    assertThat(info).hasSize(1);
    assertThat(info.get(0)).contains("failed (IllegalStateException: state at io.benchtap.log.LogConfigTest.")
        .endsWith("; BENCHTAP_LOG_LEVEL=DEBUG shows the stack trace)");
    List<String> debug = logged("DEBUG", ctx -> {
      ctx.getLogger("io.benchtap.X").warn("failed", bug);
      ctx.getLogger("io.vertx.mqtt.impl.MqttClientImpl").error("Can't connect to {}:{}", "127.0.0.1", 1883, refused());
    });
    assertThat(debug).anyMatch(l -> l.startsWith("\tat io.benchtap.log.LogConfigTest"))
        .anyMatch(l -> l.contains("Can't connect to 127.0.0.1:1883"));
  }
}
