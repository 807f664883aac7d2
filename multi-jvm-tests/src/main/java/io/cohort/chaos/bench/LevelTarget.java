package io.cohort.chaos.bench;

import io.cohort.chaos.harness.KvHttp;

/**
 * One row of the level benchmark: a namespace created at a consistency level, or the built-in namespace
 * that {@code /v1/kv/{key}} addresses.
 *
 * @param label row name in the report
 * @param namespace namespace name, or null for the built-in namespace
 * @param level consistency level sent when creating the namespace, or null for the built-in namespace
 */
record LevelTarget(String label, String namespace, String level) {

  static LevelTarget created(String level) {
    return new LevelTarget(level, "lat-" + level, level);
  }

  static LevelTarget builtIn() {
    return new LevelTarget("default (QUORUM)", null, null);
  }

  boolean isBuiltIn() {
    return namespace == null;
  }

  /** Returns the name that {@code GET /v1/namespaces/{name}} takes. */
  String namespaceName() {
    return isBuiltIn() ? "default" : namespace;
  }

  KvHttp.Result put(String baseUrl, String key, String json) {
    return isBuiltIn() ? KvHttp.put(baseUrl, key, json) : KvHttp.put(baseUrl, namespace, key, json);
  }
}
