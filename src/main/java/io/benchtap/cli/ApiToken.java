package io.benchtap.cli;

import io.benchtap.config.Cfg;
import io.benchtap.config.ConfigException;
import io.benchtap.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The bearer token a client command ({@code benchtap report --url}) sends to benchtap's /api: the
 * {@code --token} flag, else a {@code --token-file}, else what {@code serve} itself would use,
 * read the way serve reads it: {@code http.tokenFile} / {@code http.token} from the configuration
 * file, {@code BENCHTAP_HTTP_TOKEN_FILE} or {@code BENCHTAP_HTTP_TOKEN} (a token file wins over a
 * token, as in serve). Null when none is set.
 */
final class ApiToken {
  private ApiToken() {}

  static String resolve(String token, Path tokenFile, Path config, Map<String, String> env) throws Exception {
    if (token != null) {
      return token;
    }
    Map<String, String> flags = tokenFile == null ? Map.of() : Map.of("http.tokenFile", tokenFile.toString());
    Vertx vertx = Vertx.vertx();
    try {
      Cfg cfg = ConfigLoader.load(vertx, config, flags, env).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return cfg.secret("http.token", "http.tokenFile");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigException ce) {
        throw ce;
      }
      throw e;
    } finally {
      vertx.close();
    }
  }
}
