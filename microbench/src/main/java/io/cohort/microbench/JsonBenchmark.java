package io.cohort.microbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The HTTP layer's JSON work for one write, with the same Jackson calls as api-http: parsing of the request
 * body to check that it contains exactly one JSON value, and encoding of the response body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonBenchmark {
  /** Response body of an accepted write, with the fields of api-http's write result. */
  public record WriteResult(String key, long version) {}

  private ObjectMapper mapper;
  private ObjectReader bodyReader;
  private byte[] body;
  private WriteResult result;

  @Setup
  public void setUp() {
    mapper = new ObjectMapper();
    bodyReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    body = SampleData.record(1);
    result = new WriteResult("user:1", 42);
  }

  @Benchmark
  public JsonNode validateRequestBody() throws IOException {
    return bodyReader.readTree(body);
  }

  @Benchmark
  public byte[] encodeWriteResult() throws JsonProcessingException {
    return mapper.writeValueAsBytes(result);
  }
}
