package io.cohort.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

  @Test
  void encodeKeepsUnreservedCharacters() {
    assertEquals("user123-_.~AZaz09", PathSegments.encode("user123-_.~AZaz09"));
  }

  @Test
  void encodeEscapesReservedCharacters() {
    assertEquals("a%2Fb", PathSegments.encode("a/b"));
    assertEquals("a%2Bb", PathSegments.encode("a+b"));
    assertEquals("100%25", PathSegments.encode("100%"));
    assertEquals("a%20b", PathSegments.encode("a b"));
    assertEquals("%3F%23%26%3D%3B%3A%40", PathSegments.encode("?#&=;:@"));
  }

  @Test
  void encodeUsesUtf8Bytes() {
    assertEquals("%C3%A9", PathSegments.encode("é"));
    assertEquals("%E6%97%A5", PathSegments.encode("日"));
    assertEquals("%F0%9F%98%80", PathSegments.encode("😀"));
  }

  @Test
  void encodeEscapesDotSegments() {
    assertEquals("%2E", PathSegments.encode("."));
    assertEquals("%2E%2E", PathSegments.encode(".."));
    assertEquals("...", PathSegments.encode("..."));
  }
}
