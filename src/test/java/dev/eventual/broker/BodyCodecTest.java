package dev.eventual.broker;

import com.rabbitmq.stream.Codec;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.codec.InternalCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BodyCodecTest {
  final Codec general = new InternalCodec();
  final BodyCodec codec = new BodyCodec();

  /** The message encoded as a chunk holds it (a size, then the AMQP 1.0 sections), between other bytes; at the sections. */
  ByteBuf stored(Message message) {
    Codec.EncodedMessage encoded = general.encode(message);
    ByteBuf buffer = Unpooled.buffer();
    buffer.writeBytes(new byte[] {9, 9, 9});
    encoded.writeTo(buffer);
    buffer.writeBytes(new byte[] {7, 7});
    buffer.readerIndex(3 + 4);
    return buffer;
  }

  @Test
  @DisplayName("the body comes out of every section RabbitMQ wraps around an AMQP 0-9-1 message, and the reader moves past the entry")
  void bodyOfAWrappedMessage() {
    byte[] body = ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"payload\":{\"text\":\"ünïcode\"}}").getBytes(StandardCharsets.UTF_8);
    Message message = general.messageBuilder()
      .properties().messageId("m-1").contentType("application/json").creationTime(1234).messageBuilder()
      .applicationProperties().entry("x-stream-offset", 42L).entry("note", "a string").entry("flag", true).messageBuilder()
      .messageAnnotations().entry("x-exchange", "").entry("x-routing-key", "eventual.events").messageBuilder()
      .addData(body).build();
    ByteBuf buffer = stored(message);
    int size = buffer.readableBytes() - 2;
    Message decoded = codec.decode(buffer, size);
    assertThat(decoded.getBodyAsBinary()).isEqualTo(body);
    assertThat(decoded.getApplicationProperties()).containsEntry("x-stream-offset", 42L).containsEntry("note", "a string")
      .doesNotContainKey("flag");
    assertThat(buffer.readerIndex()).isEqualTo(3 + 4 + size);
  }

  @Test
  @DisplayName("a decision's trace and times come back from its application properties, small numbers and large")
  void traceProperties() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    Message message = general.messageBuilder().applicationProperties().entry("traceparent", traceparent)
      .entry("eventual-dequeued", 1_796_681_693_961_404L).entry("eventual-decided", 7L).messageBuilder()
      .addData("{}".getBytes(StandardCharsets.UTF_8)).build();
    ByteBuf buffer = stored(message);
    Message decoded = codec.decode(buffer, buffer.readableBytes() - 2);
    assertThat(decoded.getApplicationProperties()).containsEntry("traceparent", traceparent)
      .containsEntry("eventual-dequeued", 1_796_681_693_961_404L).containsEntry("eventual-decided", 7L);
  }

  @Test
  @DisplayName("a large body (32-bit length) and an empty one come out whole")
  void largeAndEmptyBodies() {
    for (int length : new int[] {0, 255, 256, 70_000}) {
      byte[] body = new byte[length];
      for (int i = 0; i < length; i++) {
        body[i] = (byte) i;
      }
      ByteBuf buffer = stored(general.messageBuilder().addData(body).build());
      assertThat(codec.decode(buffer, buffer.readableBytes() - 2).getBodyAsBinary()).isEqualTo(body);
    }
  }

  @Test
  @DisplayName("an entry with no data section (an AMQP 1.0 amqp-value) is decoded by the client's own codec")
  void otherEncodingsFallBack() {
    byte[] sections = {
      0x00, 0x53, 0x73, (byte) 0xc0, 0x07, 0x01, (byte) 0xa1, 0x04, 'o', 'n', 'l', 'y',
      0x00, 0x53, 0x77, (byte) 0xa1, 0x03, 'a', 'b', 'c'};
    ByteBuf buffer = Unpooled.wrappedBuffer(sections);
    Message decoded = codec.decode(buffer, sections.length);
    assertThat(decoded).isNotInstanceOf(BodyCodec.Body.class);
    assertThat(decoded.getProperties().getMessageIdAsString()).isEqualTo("only");
    assertThat(decoded.getBody()).isEqualTo("abc");
  }
}
