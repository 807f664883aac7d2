package io.cohort.client;

import java.net.http.HttpResponse;

/** Turns the final response of a key operation into its result, or throws the matching {@link CohortException}. */
@FunctionalInterface
interface ResponseDecoder<T> {
  T decode(HttpResponse<byte[]> response);
}
