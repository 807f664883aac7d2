package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests that Pekko HTTP rejects before routing, sent over a raw socket because HttpClient refuses them. */
class UnparsableRequestTest extends SingleNodeHttpTest {

  private static String rawExchange(String requestHead) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.httpAddress().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int read;
      while ((read = in.read(buffer)) != -1) {
        response.write(buffer, 0, read);
        if (response.toString(StandardCharsets.UTF_8).contains("}")) {
          break;
        }
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void rawSpaceInPathIsProblem400() throws Exception {
    String response = rawExchange("GET /v1/kv/a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("Content-Type: application/problem+json"), response);
    assertTrue(response.contains("%20"), response);
  }

  @Test
  void invalidPercentEncodingIsProblem400() throws Exception {
    String response = rawExchange("GET /v1/kv/a%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("Content-Type: application/problem+json"), response);
    assertTrue(response.contains("percent-encode the key"), response);
  }

  @Test
  void oversizedHeaderIsProblem431() throws Exception {
    String huge = "x".repeat(20_000);
    String response = rawExchange("GET /v1/kv/a HTTP/1.1\r\nHost: localhost\r\nX-Big: " + huge
        + "\r\nConnection: close\r\n\r\n");
    assertEquals("HTTP/1.1 431", response.substring(0, 12), response);
    assertTrue(response.contains("Content-Type: application/problem+json"), response);
  }
}
