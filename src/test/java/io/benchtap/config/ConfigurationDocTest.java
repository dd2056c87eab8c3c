package io.benchtap.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.serve.BenchtapConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/configuration.md documents every key with its default, and the example file is valid. */
@ExtendWith(VertxExtension.class)
class ConfigurationDocTest {

  @Test
  void everyKeyIsDocumentedWithItsDefaultAndEnvironmentVariable() throws Exception {
    String doc = Files.readString(Path.of("docs/configuration.md"));
    for (ConfigKeys.Key k : ConfigKeys.all()) {
      String def = k.defaultValue() == null ? "*unset*" : "`" + k.defaultValue() + "`";
      assertThat(doc).as("row of %s", k.path()).contains("| `" + k.path() + "` | " + def + " | `" + k.envName() + "` |");
    }
  }

  @Test
  void theExampleFileLoads(Vertx vertx) throws Exception {
    Cfg cfg = ConfigLoader.load(vertx, Path.of("config/benchtap.example.yaml"), Map.of(), Map.of())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(BenchtapConfig.from(cfg).mqtt().clientId()).isEqualTo("benchtap-lab1");
  }
}
