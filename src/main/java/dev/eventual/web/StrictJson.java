package dev.eventual.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON exactly as RFC 8259 has it, in UTF-8 exactly as RFC 3629 has it: no duplicate keys (which a reader further on
 * could take differently), no comments or other extensions, nothing after the value, and no overlong or otherwise
 * malformed bytes (which a lenient decoder turns into characters a check before it never saw). Vert.x's own reader
 * allows comments and keeps the last of duplicate keys, and Jackson's byte reader takes overlong sequences, so the
 * bytes are decoded strictly first and the text parsed by a mapper of our own.
 */
final class StrictJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
    .build();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private StrictJson() {
  }

  /** The value (maps, lists, strings, numbers, booleans, null), or a 400 {@code malformed-json} that says why. */
  static Object parse(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw Problems.badRequest("malformed-json", "the body is not valid UTF-8");
    }
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      throw Problems.badRequest("malformed-json", duplicate.find()
        ? "the body is not valid JSON: duplicate field '" + duplicate.group(1) + "'" : "the body is not valid JSON");
    }
  }
}
