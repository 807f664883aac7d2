package io.cohort.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of a {@link CohortClient}, created with {@link #builder()}.
 *
 * <p>Only the seed endpoints are required. The defaults are a connect timeout of 2 s, a request timeout of 5 s
 * and 3 retries, with backoff from 50 ms up to 1 s and full jitter. Owner routing is on and redirect mode is off.
 * At most 2 routing-table fetches start per second, and a node that rejected a connection is avoided for 1 s.
 */
public final class CohortClientConfig {
  private final List<URI> seeds;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final boolean routingEnabled;
  private final boolean redirectMode;
  private final int maxRoutingFetchesPerSecond;
  private final Duration unreachableNodeAvoidance;

  private CohortClientConfig(Builder builder) {
    this.seeds = List.copyOf(builder.seeds);
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.maxRetries = builder.maxRetries;
    this.backoffBase = builder.backoffBase;
    this.backoffMax = builder.backoffMax;
    this.routingEnabled = builder.routingEnabled;
    this.redirectMode = builder.redirectMode;
    this.maxRoutingFetchesPerSecond = builder.maxRoutingFetchesPerSecond;
    this.unreachableNodeAvoidance = builder.unreachableNodeAvoidance;
  }

  /** Creates a builder with the defaults listed in the class comment and no seeds. */
  public static Builder builder() {
    return new Builder();
  }

  /** Seed endpoints such as {@code http://127.0.0.11:18080}, normalized to scheme, host and port. */
  public List<URI> seeds() {
    return seeds;
  }

  /** Maximum time to establish a TCP connection to a node. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Maximum time from sending one HTTP request until its response headers arrive. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Maximum number of retries after the first attempt of an operation. */
  public int maxRetries() {
    return maxRetries;
  }

  /** Upper bound of the first retry's random delay. The bound doubles per retry up to {@link #backoffMax()}. */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** Maximum upper bound of a retry's random delay. */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** Returns whether requests go to the partition's owner. If false, they go round-robin over the known nodes. */
  public boolean routingEnabled() {
    return routingEnabled;
  }

  /** Returns whether requests ask for {@code 307} redirects to the owner instead of forwarding between nodes. */
  public boolean redirectMode() {
    return redirectMode;
  }

  /** Maximum number of routing-table fetch operations started per second. */
  public int maxRoutingFetchesPerSecond() {
    return maxRoutingFetchesPerSecond;
  }

  /** Time during which a node that rejected a connection is skipped, unless no other node is left. */
  public Duration unreachableNodeAvoidance() {
    return unreachableNodeAvoidance;
  }

  @Override
  public String toString() {
    return "CohortClientConfig{seeds=" + seeds + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries
        + ", backoffBase=" + backoffBase + ", backoffMax=" + backoffMax
        + ", routingEnabled=" + routingEnabled + ", redirectMode=" + redirectMode
        + ", maxRoutingFetchesPerSecond=" + maxRoutingFetchesPerSecond
        + ", unreachableNodeAvoidance=" + unreachableNodeAvoidance + "}";
  }

  /** Mutable builder of {@link CohortClientConfig}. {@link #build()} validates the settings. */
  public static final class Builder {
    private final List<URI> seeds = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private int maxRetries = 3;
    private Duration backoffBase = Duration.ofMillis(50);
    private Duration backoffMax = Duration.ofSeconds(1);
    private boolean routingEnabled = true;
    private boolean redirectMode = false;
    private int maxRoutingFetchesPerSecond = 2;
    private Duration unreachableNodeAvoidance = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Adds one seed endpoint: an absolute {@code http} or {@code https} URI with a host, and no path other than
     * {@code /}, query, fragment or user info.
     *
     * @throws IllegalArgumentException if the URI is not such an endpoint
     */
    public Builder seed(URI seed) {
      seeds.add(Endpoints.validateSeed(seed));
      return this;
    }

    /** Adds one seed endpoint given as a string, for example {@code http://127.0.0.11:18080}. */
    public Builder seed(String seed) {
      Objects.requireNonNull(seed, "seed");
      try {
        return seed(new URI(seed));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("invalid seed endpoint [" + seed + "]: " + e.getMessage()
            + "; expected an endpoint such as http://127.0.0.1:18080", e);
      }
    }

    /** Replaces the seed endpoints and validates each one as by {@link #seed(URI)}. */
    public Builder seeds(List<URI> newSeeds) {
      Objects.requireNonNull(newSeeds, "seeds");
      List<URI> validated = new ArrayList<>();
      for (URI seed : newSeeds) {
        validated.add(Endpoints.validateSeed(seed));
      }
      seeds.clear();
      seeds.addAll(validated);
      return this;
    }

    /** Sets the maximum time to establish a connection. It must be positive. */
    public Builder connectTimeout(Duration timeout) {
      connectTimeout = requirePositive("connectTimeout", timeout);
      return this;
    }

    /** Sets the maximum time for one HTTP request. It must be positive. */
    public Builder requestTimeout(Duration timeout) {
      requestTimeout = requirePositive("requestTimeout", timeout);
      return this;
    }

    /** Sets the maximum number of retries after the first attempt. 0 disables retries. */
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more, was " + retries);
      }
      maxRetries = retries;
      return this;
    }

    /** Sets the first retry's maximum delay. It must be positive. */
    public Builder backoffBase(Duration base) {
      backoffBase = requirePositive("backoffBase", base);
      return this;
    }

    /** Sets the maximum delay of any retry. It must be positive and at least the backoff base. */
    public Builder backoffMax(Duration max) {
      backoffMax = requirePositive("backoffMax", max);
      return this;
    }

    /** Enables or disables owner routing. See {@link CohortClientConfig#routingEnabled()}. */
    public Builder routingEnabled(boolean enabled) {
      routingEnabled = enabled;
      return this;
    }

    /** Enables or disables redirect mode. See {@link CohortClientConfig#redirectMode()}. */
    public Builder redirectMode(boolean enabled) {
      redirectMode = enabled;
      return this;
    }

    /** Sets the maximum number of routing-table fetch operations per second. It must be at least 1. */
    public Builder maxRoutingFetchesPerSecond(int perSecond) {
      if (perSecond < 1) {
        throw new IllegalArgumentException("maxRoutingFetchesPerSecond must be at least 1, was " + perSecond);
      }
      maxRoutingFetchesPerSecond = perSecond;
      return this;
    }

    /** Sets how long a node that rejected a connection is skipped. It must be positive. */
    public Builder unreachableNodeAvoidance(Duration avoidance) {
      unreachableNodeAvoidance = requirePositive("unreachableNodeAvoidance", avoidance);
      return this;
    }

    /**
     * Validates the settings and creates the configuration.
     *
     * @throws IllegalArgumentException if no seed was given or the backoff maximum is below its base
     */
    public CohortClientConfig build() {
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException(
            "at least one seed endpoint is required, for example seed(\"http://127.0.0.1:18080\")");
      }
      if (backoffMax.compareTo(backoffBase) < 0) {
        throw new IllegalArgumentException(
            "backoffMax (" + backoffMax + ") must not be less than backoffBase (" + backoffBase + ")");
      }
      return new CohortClientConfig(this);
    }

    /** Longest accepted duration, far below the nanosecond range that timers and deadlines convert to. */
    static final Duration MAX_DURATION = Duration.ofDays(1);

    private static Duration requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(name + " must be positive and at most 1 day, was " + value);
      }
      return value;
    }
  }
}
