package dev.eventual.support;

import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** What every refusal must be: a problem body (RFC 9457) with its status, a type, a title and a detail, never a trace. */
public final class Problems {
  private Problems() {
  }

  /** {@code r} is a {@code status} problem: {@code application/problem+json}, type, title, status and a detail. */
  public static void assertProblem(Api.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonObject body = r.json();
    assertThat(body.getString("type")).startsWith("/problems/");
    assertThat(body.getString("title")).isNotBlank();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("detail")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }
}
