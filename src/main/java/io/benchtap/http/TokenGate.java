package io.benchtap.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * With {@code http.token} set, /metrics and /api/* need it: as {@code Authorization: Bearer
 * <token>} (Prometheus, curl, {@code benchtap report}), or, for a browser, which cannot add that
 * header to the live page's requests (EventSource has no headers), as a cookie: opening
 * {@code /?token=<token>} once sets {@value #COOKIE} (HttpOnly, SameSite=Strict, holding the
 * token's SHA-256, not the token) and redirects to the page, whose requests then carry it.
 */
final class TokenGate {
  static final String COOKIE = "benchtap_token";

  private final byte[] bearer;
  private final byte[] digest;

  TokenGate(String token) {
    this.bearer = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.digest = sha256(token).getBytes(StandardCharsets.UTF_8);
  }

  /** The page's token login on {@code /?token=}, and the check in front of /metrics and /api. */
  void mount(Router router) {
    router.get("/").handler(this::login);
    router.route("/metrics").handler(this::require);
    router.route("/api/*").handler(this::require);
  }

  private void login(RoutingContext ctx) {
    String given = ctx.request().getParam("token");
    if (given == null) {
      ctx.next();
    } else if (MessageDigest.isEqual(sha256(given).getBytes(StandardCharsets.UTF_8), digest)) {
      ctx.response().addCookie(Cookie.cookie(COOKIE, sha256(given)).setPath("/").setHttpOnly(true)
              .setSameSite(CookieSameSite.STRICT))
          .setStatusCode(303).putHeader("Location", "/").end();
    } else {
      ctx.response().setStatusCode(401).end("wrong token\n");
    }
  }

  private void require(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), bearer)
        || cookie != null && MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8), digest)) {
      ctx.next();
    } else {
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"benchtap\"").end("unauthorized\n");
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
