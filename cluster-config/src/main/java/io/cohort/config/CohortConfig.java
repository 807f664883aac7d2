package io.cohort.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.namespace.JournalPlugins;
import java.util.List;

/**
 * Loads a node's configuration with Cohort's settings for Pekko and the Cassandra plugin layered above the
 * libraries' own {@code reference.conf} files.
 *
 * <p>Those settings cannot live in Cohort's {@code reference.conf}: Typesafe Config merges every
 * {@code reference.conf} on the classpath and, for a key set twice, keeps the one found first, so whether
 * Cohort or the library won would depend on jar order. Here the order is fixed: the application's config,
 * then the resources in {@link #DEFAULTS}, then the namespace journal plugins of {@link JournalPlugins}
 * when the Cassandra plugin is on the classpath, then every {@code reference.conf}. A resource whose module is
 * not on the classpath is skipped.
 */
public final class CohortConfig {
  /** Cohort's settings for other libraries, highest priority first. */
  public static final List<String> DEFAULTS = List.of(
      "io/cohort/http/http-defaults.conf",
      "io/cohort/core/pekko-defaults.conf",
      "io/cohort/persistence/cassandra-defaults.conf");

  private CohortConfig() {}

  /** Returns {@code application} over Cohort's defaults over all {@code reference.conf} files, resolved. */
  public static Config withDefaults(Config application) {
    Config merged = application;
    for (String resource : DEFAULTS) {
      merged = merged.withFallback(ConfigFactory.parseResources(CohortConfig.class.getClassLoader(), resource));
    }
    Config reference = ConfigFactory.defaultReference();
    if (reference.hasPath(JournalPlugins.TEMPLATE + ".journal.class")) {
      merged = merged.withFallback(JournalPlugins.generate());
    }
    return merged.withFallback(reference).resolve();
  }

  /**
   * Returns the configuration of a node process: JVM system properties over {@code file} over
   * {@code application.conf} over {@link #withDefaults(Config)}.
   */
  public static Config forNode(Config file) {
    ConfigFactory.invalidateCaches();
    return withDefaults(ConfigFactory.systemProperties()
        .withFallback(file)
        .withFallback(ConfigFactory.parseResources("application.conf")));
  }
}
