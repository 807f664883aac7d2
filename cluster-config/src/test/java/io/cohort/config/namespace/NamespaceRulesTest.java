package io.cohort.config.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceRulesTest {
  /** Node defaults that differ from every value a request below gives, so a filled-in default is visible. */
  private static final NamespaceDefaults DEFAULTS =
      new NamespaceDefaults(16, ConsistencyLevel.STRONG, 3, "data", 1024 * 1024);
  private static final NamespaceRules RULES = new NamespaceRules(DEFAULTS);

  /** Builds a request with every field named, so each test visibly sets one field and leaves the rest null. */
  private static NamespaceRequest request(String name, Integer partitions, String level, Integer replicationFactor,
      String role, Long maxValueBytes, Long ttlSeconds, String write, String recovery) {
    return new NamespaceRequest(name, partitions, level, replicationFactor, role, maxValueBytes, ttlSeconds, write,
        recovery);
  }

  private static NamespaceSpec valid(NamespaceRequest request) {
    NamespaceRules.Checked checked = RULES.create(request);
    assertEquals(List.of(), checked.errors(), "errors of a valid request");
    assertTrue(checked.spec().isPresent(), "spec of a valid request");
    return checked.spec().get();
  }

  /** Asserts that {@code checked} has exactly one error, on {@code field}, and returns it. */
  private static FieldError onlyError(NamespaceRules.Checked checked, String field) {
    assertTrue(checked.spec().isEmpty(), "an invalid request has no spec");
    assertEquals(1, checked.errors().size(), "errors: " + checked.errors());
    FieldError error = checked.errors().get(0);
    assertEquals(field, error.field(), "field of " + error);
    return error;
  }

  private static NamespaceSpec existing() {
    return valid(request("orders", 32, "semi-sync", 3, "data", 4096L, 60L, null, null));
  }

  // ---- create: defaults and effective consistencies

  @Test
  void createFillsDefaultsForMissingFields() {
    NamespaceSpec spec = valid(NamespaceRequest.named("orders"));

    assertEquals("orders", spec.name());
    assertEquals(16, spec.partitions());
    assertEquals(ConsistencyLevel.STRONG, spec.level());
    assertEquals(3, spec.replicationFactor());
    assertEquals("data", spec.role());
    assertEquals(1024 * 1024, spec.maxValueBytes());
    assertEquals(0, spec.defaultTtlSeconds());
    assertEquals(ReplicaConsistency.ALL, spec.writeConsistency());
    assertEquals(ReplicaConsistency.QUORUM, spec.recoveryConsistency());
  }

  @Test
  void createKeepsGivenFields() {
    NamespaceSpec spec = valid(request("ledger-2", 64, "eventual", 2, "hot.tier", 512L, 3600L, null, null));

    assertEquals("ledger-2", spec.name());
    assertEquals(64, spec.partitions());
    assertEquals(ConsistencyLevel.EVENTUAL, spec.level());
    assertEquals(2, spec.replicationFactor());
    assertEquals("hot.tier", spec.role());
    assertEquals(512, spec.maxValueBytes());
    assertEquals(3600, spec.defaultTtlSeconds());
  }

  @Test
  void createUsesEventualConsistencies() {
    NamespaceSpec spec = valid(request("a", null, "eventual", null, null, null, null, null, null));
    assertEquals(ReplicaConsistency.ONE, spec.writeConsistency());
    assertEquals(ReplicaConsistency.ONE, spec.recoveryConsistency());
  }

  @Test
  void createUsesSemiSyncConsistencies() {
    NamespaceSpec spec = valid(request("a", null, "semi-sync", null, null, null, null, null, null));
    assertEquals(ReplicaConsistency.TWO, spec.writeConsistency());
    assertEquals(ReplicaConsistency.TWO, spec.recoveryConsistency());
    assertEquals(2, spec.writeReplicas());
    assertEquals(2, spec.recoveryReplicas());
  }

  @Test
  void createUsesStrongConsistencies() {
    NamespaceSpec spec = valid(request("a", null, "strong", 5, null, null, null, null, null));
    assertEquals(ReplicaConsistency.ALL, spec.writeConsistency());
    assertEquals(ReplicaConsistency.QUORUM, spec.recoveryConsistency());
    assertEquals(5, spec.writeReplicas());
    assertEquals(3, spec.recoveryReplicas());
  }

  @Test
  void consistencyOverridesIgnoreCase() {
    NamespaceSpec spec = valid(request("a", null, "eventual", 3, null, null, null, "quorum", "All"));
    assertEquals(ConsistencyLevel.EVENTUAL, spec.level());
    assertEquals(ReplicaConsistency.QUORUM, spec.writeConsistency());
    assertEquals(ReplicaConsistency.ALL, spec.recoveryConsistency());
  }

  @Test
  void createAcceptsBoundaryValues() {
    NamespaceSpec low = valid(request("a", 1, "eventual", 1, "r", 1L, 0L, null, null));
    assertEquals(1, low.partitions());
    assertEquals(1, low.replicationFactor());
    assertEquals(1, low.maxValueBytes());

    NamespaceSpec high = valid(request("b", NamespaceSpec.MAX_PARTITIONS, "strong",
        NamespaceSpec.MAX_REPLICATION_FACTOR, null, DEFAULTS.maxValueBytes(), NamespaceSpec.MAX_TTL_SECONDS,
        "THREE", null));
    assertEquals(4096, high.partitions());
    assertEquals(5, high.replicationFactor());
    assertEquals(NamespaceSpec.MAX_TTL_SECONDS, high.defaultTtlSeconds());
    assertEquals(ReplicaConsistency.THREE, high.writeConsistency());
  }

  // ---- create: names

  @Test
  void nameOf48CharactersAccepted() {
    String name = "n".repeat(48);
    assertEquals(name, valid(NamespaceRequest.named(name)).name());
  }

  @Test
  void nameWithDigitsDashAndUnderscoreAccepted() {
    assertEquals("a-1_b", valid(NamespaceRequest.named("a-1_b")).name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Orders", "ORDERS", "a/b", "", "a b", "a.b", "ü"})
  void invalidNameRejected(String name) {
    FieldError error = onlyError(RULES.create(NamespaceRequest.named(name)), "name");
    assertEquals(name, error.value());
    assertTrue(error.message().contains("[" + name + "]"), error.message());
  }

  @Test
  void nameOf49CharactersRejected() {
    String name = "n".repeat(49);
    FieldError error = onlyError(RULES.create(NamespaceRequest.named(name)), "name");
    assertTrue(error.message().contains("48"), error.message());
  }

  @Test
  void defaultNameRejected() {
    FieldError error = onlyError(RULES.create(NamespaceRequest.named("default")), "name");
    assertEquals("default", error.value());
    assertTrue(error.message().contains("built-in"), error.message());
  }

  @Test
  void missingNameRejected() {
    FieldError error = onlyError(RULES.create(NamespaceRequest.named(null)), "name");
    assertNull(error.value());
    assertTrue(error.message().contains("missing"), error.message());
  }

  // ---- create: other fields

  @Test
  void unknownLevelRejected() {
    FieldError error = onlyError(RULES.create(request("a", null, "Strong", null, null, null, null, null, null)),
        "level");
    assertEquals("Strong", error.value());
    assertTrue(error.message().contains("eventual, semi-sync, strong"), error.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 4097})
  void partitionsOutOfRangeRejected(int partitions) {
    FieldError error = onlyError(RULES.create(request("a", partitions, null, null, null, null, null, null, null)),
        "partitions");
    assertEquals(Integer.toString(partitions), error.value());
    assertTrue(error.message().contains("1 to 4096"), error.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 6})
  void replicationFactorOutOfRangeRejected(int replicationFactor) {
    FieldError error = onlyError(
        RULES.create(request("a", null, "eventual", replicationFactor, null, null, null, null, null)),
        "replicationFactor");
    assertEquals(Integer.toString(replicationFactor), error.value());
    assertTrue(error.message().contains("1 to 5"), error.message());
  }

  @Test
  void semiSyncOnOneReplicaRejected() {
    // TWO replicas for writes and recovery cannot exist with one copy either, but the replication factor is
    // the one field to fix, so only it is reported.
    NamespaceRules.Checked checked = RULES.create(request("a", null, "semi-sync", 1, null, null, null, null, null));
    assertTrue(checked.spec().isEmpty());
    FieldError first = checked.errors().get(0);
    assertEquals("replicationFactor", first.field());
    assertEquals("1", first.value());
    assertTrue(first.message().contains("at least 2"), first.message());
    assertEquals(List.of("replicationFactor"), fields(checked));
  }

  @Test
  void defaultedReplicationFactorNamesItsSource() {
    NamespaceRules oneCopy = new NamespaceRules(new NamespaceDefaults(16, ConsistencyLevel.STRONG, 1, "data", 1024));
    NamespaceRules.Checked checked = oneCopy.create(request("a", null, "semi-sync", null, null, null, null, null, null));
    assertTrue(checked.errors().get(0).message().contains("cohort.cassandra.replication-factor"),
        checked.errors().get(0).message());
  }

  @Test
  void writeThreeOverTwoReplicasRejected() {
    FieldError error = onlyError(
        RULES.create(request("a", null, "eventual", 2, null, null, null, "THREE", null)), "writeConsistency");
    assertEquals("THREE", error.value());
    assertTrue(error.message().contains("needs 3 replicas"), error.message());
  }

  @Test
  void recoveryThreeOverTwoReplicasRejected() {
    onlyError(RULES.create(request("a", null, "eventual", 2, null, null, null, null, "three")),
        "recoveryConsistency");
  }

  @Test
  void unknownWriteConsistencyRejected() {
    FieldError error = onlyError(RULES.create(request("a", null, null, null, null, null, null, "LOCAL_ONE", null)),
        "writeConsistency");
    assertEquals("LOCAL_ONE", error.value());
    assertTrue(error.message().contains("ONE, TWO, THREE, QUORUM, ALL"), error.message());
  }

  @Test
  void unknownRecoveryConsistencyRejected() {
    FieldError error = onlyError(RULES.create(request("a", null, null, null, null, null, null, null, "most")),
        "recoveryConsistency");
    assertEquals("most", error.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-data", "da ta", "data/x", "ü"})
  void invalidRoleRejected(String role) {
    FieldError error = onlyError(RULES.create(request("a", null, null, null, role, null, null, null, null)), "role");
    assertEquals(role, error.value());
  }

  @Test
  void roleOf65CharactersRejected() {
    onlyError(RULES.create(request("a", null, null, null, "r".repeat(65), null, null, null, null)), "role");
    assertEquals("r".repeat(64),
        valid(request("a", null, null, null, "r".repeat(64), null, null, null, null)).role());
  }

  @Test
  void maxValueBytesOverNodeLimitRejected() {
    long overLimit = DEFAULTS.maxValueBytes() + 1;
    FieldError error = onlyError(
        RULES.create(request("a", null, null, null, null, overLimit, null, null, null)), "maxValueBytes");
    assertEquals(Long.toString(overLimit), error.value());
    assertTrue(error.message().contains("1 to " + DEFAULTS.maxValueBytes()), error.message());
  }

  @Test
  void zeroMaxValueBytesRejected() {
    onlyError(RULES.create(request("a", null, null, null, null, 0L, null, null, null)), "maxValueBytes");
  }

  @Test
  void negativeTtlRejected() {
    FieldError error = onlyError(RULES.create(request("a", null, null, null, null, null, -1L, null, null)),
        "defaultTtlSeconds");
    assertEquals("-1", error.value());
  }

  @Test
  void ttlOverTwentyYearsRejected() {
    onlyError(RULES.create(request("a", null, null, null, null, null, NamespaceSpec.MAX_TTL_SECONDS + 1, null,
        null)), "defaultTtlSeconds");
  }

  @Test
  void createReportsAllFieldsTogether() {
    NamespaceRules.Checked checked = RULES.create(
        request("Bad/Name", 0, "fast", 9, "-x", 0L, -5L, "SOME", "LOCAL_QUORUM"));

    assertTrue(checked.spec().isEmpty());
    assertEquals(List.of("name", "partitions", "level", "replicationFactor", "role", "maxValueBytes",
        "defaultTtlSeconds", "writeConsistency", "recoveryConsistency"), fields(checked));
  }

  @Test
  void replicationErrorReportedWithOthers() {
    NamespaceRules.Checked checked =
        RULES.create(request("Bad", null, "semi-sync", 1, null, null, null, null, null));

    assertEquals(List.of("name", "replicationFactor"), fields(checked));
  }

  private static List<String> fields(NamespaceRules.Checked checked) {
    return checked.errors().stream().map(FieldError::field).toList();
  }

  // ---- change

  @Test
  void changeSetsTtl() {
    NamespaceSpec current = existing();
    NamespaceRules.Checked checked =
        RULES.change(current, request(null, null, null, null, null, null, 7200L, null, null));

    assertEquals(List.of(), checked.errors());
    assertEquals(current.withDefaultTtlSeconds(7200), checked.spec().orElseThrow());
    assertEquals(7200, checked.spec().orElseThrow().defaultTtlSeconds());
  }

  @Test
  void changeToZeroTtlTurnsExpiryOff() {
    NamespaceSpec changed = RULES.change(existing(), request(null, null, null, null, null, null, 0L, null, null))
        .spec().orElseThrow();
    assertEquals(0, changed.defaultTtlSeconds());
  }

  @Test
  void changeWithoutFieldsKeepsSpec() {
    NamespaceSpec current = existing();
    assertEquals(current, RULES.change(current, NamespaceRequest.named(null)).spec().orElseThrow());
  }

  @Test
  void changeAcceptsUnchangedImmutableValues() {
    NamespaceSpec current = existing();
    NamespaceRules.Checked checked = RULES.change(current,
        request("orders", 32, "semi-sync", 3, "data", 4096L, 120L, "TWO", "TWO"));

    assertEquals(List.of(), checked.errors());
    assertEquals(120, checked.spec().orElseThrow().defaultTtlSeconds());
  }

  @Test
  void changeComparesConsistencyIgnoringCase() {
    NamespaceRules.Checked checked = RULES.change(existing(),
        request(null, null, null, null, null, null, null, "two", "Two"));
    assertEquals(List.of(), checked.errors());
  }

  @Test
  void changeOfNameRejected() {
    FieldError error = onlyError(RULES.change(existing(), NamespaceRequest.named("payments")), "name");
    assertEquals("payments", error.value());
    assertTrue(error.message().contains("cannot change"), error.message());
    assertTrue(error.message().contains("orders"), "message quotes the current value: " + error.message());
  }

  @Test
  void changeOfPartitionsRejected() {
    FieldError error = onlyError(
        RULES.change(existing(), request(null, 64, null, null, null, null, null, null, null)), "partitions");
    assertEquals("64", error.value());
    assertTrue(error.message().contains("32"), error.message());
  }

  @Test
  void changeOfLevelRejected() {
    onlyError(RULES.change(existing(), request(null, null, "strong", null, null, null, null, null, null)), "level");
  }

  @Test
  void changeOfReplicationFactorRejected() {
    onlyError(RULES.change(existing(), request(null, null, null, 5, null, null, null, null, null)),
        "replicationFactor");
  }

  @Test
  void changeOfRoleRejected() {
    onlyError(RULES.change(existing(), request(null, null, null, null, "edge", null, null, null, null)), "role");
  }

  @Test
  void changeOfMaxValueBytesRejected() {
    onlyError(RULES.change(existing(), request(null, null, null, null, null, 8192L, null, null, null)),
        "maxValueBytes");
  }

  @Test
  void changeOfWriteConsistencyRejected() {
    onlyError(RULES.change(existing(), request(null, null, null, null, null, null, null, "ALL", null)),
        "writeConsistency");
  }

  @Test
  void changeOfRecoveryConsistencyRejected() {
    onlyError(RULES.change(existing(), request(null, null, null, null, null, null, null, null, "one")),
        "recoveryConsistency");
  }

  @Test
  void changeToNegativeTtlRejected() {
    onlyError(RULES.change(existing(), request(null, null, null, null, null, null, -1L, null, null)),
        "defaultTtlSeconds");
  }

  @Test
  void changeReportsAllFieldsTogether() {
    NamespaceRules.Checked checked = RULES.change(existing(),
        request("other", 1, "eventual", 1, "edge", 1L, -1L, "ONE", "ONE"));

    assertTrue(checked.spec().isEmpty());
    assertEquals(List.of("name", "partitions", "level", "replicationFactor", "role", "maxValueBytes",
        "writeConsistency", "recoveryConsistency", "defaultTtlSeconds"), fields(checked));
  }
}
