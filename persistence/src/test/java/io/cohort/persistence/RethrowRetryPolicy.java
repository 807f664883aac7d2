package io.cohort.persistence;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.retry.RetryDecision;
import com.datastax.oss.driver.api.core.retry.RetryPolicy;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.session.Request;

/**
 * Driver retry policy that never retries, so a test receives each server error as the coordinator sent it.
 * The driver's default policy tries the next node after an unavailable error, and when no node is left it
 * reports an AllNodesFailedException in its place.
 *
 * <p>The driver creates it by reflection from {@code advanced.retry-policy.class}, which needs the public
 * class and constructor.
 */
// RetryPolicy 4.18 still declares the RetryDecision methods abstract, next to the newer RetryVerdict ones.
@SuppressWarnings("deprecation")
public final class RethrowRetryPolicy implements RetryPolicy {

  public RethrowRetryPolicy(DriverContext context, String profileName) {}

  @Override
  public RetryDecision onReadTimeout(
      Request request, ConsistencyLevel cl, int blockFor, int received, boolean dataPresent, int retryCount) {
    return RetryDecision.RETHROW;
  }

  @Override
  public RetryDecision onWriteTimeout(
      Request request, ConsistencyLevel cl, WriteType writeType, int blockFor, int received, int retryCount) {
    return RetryDecision.RETHROW;
  }

  @Override
  public RetryDecision onUnavailable(
      Request request, ConsistencyLevel cl, int required, int alive, int retryCount) {
    return RetryDecision.RETHROW;
  }

  @Override
  public RetryDecision onRequestAborted(Request request, Throwable error, int retryCount) {
    return RetryDecision.RETHROW;
  }

  @Override
  public RetryDecision onErrorResponse(Request request, CoordinatorException error, int retryCount) {
    return RetryDecision.RETHROW;
  }

  @Override
  public void close() {}
}
