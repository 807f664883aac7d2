package io.cohort.core.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Helpers for the {@code CompletionStage}s that Pekko's Java API returns. */
public final class Futures {
  private Futures() {}

  /**
   * Returns a plain {@code CompletableFuture} that completes on the thread completing {@code stage}.
   *
   * <p>Pekko's Java API converts Scala futures with {@code scala.jdk.FutureConverters}, whose stages run
   * every dependent step, {@code thenApply} and {@code handle} included, on the default async executor.
   * On a machine with fewer than three cores that executor is not the common pool but a new thread per
   * step, which cost a thread start per HTTP request. Callbacks on the returned future run in place, so
   * they must stay short and non-blocking.
   */
  public static <T> CompletableFuture<T> direct(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    stage.whenCompleteAsync((value, error) -> {
      if (error != null) {
        plain.completeExceptionally(error);
      } else {
        plain.complete(value);
      }
    }, Runnable::run);
    return plain;
  }
}
