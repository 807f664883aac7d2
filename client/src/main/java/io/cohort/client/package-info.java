/**
 * Java client for Cohort's HTTP key-value API. Start with {@link io.cohort.client.CohortClientConfig#builder()}
 * and {@link io.cohort.client.CohortClient}. {@link io.cohort.client.CohortClient#blocking()} returns a
 * blocking view. {@link io.cohort.client.CohortClient#namespace(String)} and
 * {@link io.cohort.client.BlockingCohortClient#namespace(String)} return views of one namespace.
 */
package io.cohort.client;
