package io.flotilla.proxy.protocol;

import static io.flotilla.proxy.protocol.Bytes.hex;
import static io.flotilla.proxy.protocol.Bytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PacketFramerTest {
  private static final int MAX = 0xFFFFFF;

  @Test
  void smallPayloadIsOnePacket() {
    ByteBuf out = Unpooled.buffer();
    int next = PacketFramer.frame(hex("0e"), 0, out); // COM_PING
    assertThat(toHex(out)).isEqualTo(
        "010000"   // int<3> payload length 1
        + "00"     // int<1> sequence id 0
        + "0e");   // payload
    assertThat(next).isEqualTo(1);
    PacketFramer.Framed framed = PacketFramer.tryRead(out, 0);
    assertThat(toHex(framed.payload())).isEqualTo("0e");
    assertThat(framed.nextSequenceId()).isEqualTo(1);
    assertThat(out.isReadable()).isFalse();
  }

  @Test
  void emptyPayloadIsAnEmptyPacket() {
    ByteBuf out = Unpooled.buffer();
    PacketFramer.frame(Unpooled.EMPTY_BUFFER, 7, out);
    assertThat(toHex(out)).isEqualTo("000000" + "07"); // length 0, sequence id 7
  }

  @Test
  void sixteenMebibytesPlusOneSplitsIntoMaxPacketAndOneByte() {
    int size = 16 * 1024 * 1024 + 1; // 0x1000001 = 0xFFFFFF + 2
    ByteBuf payload = Unpooled.buffer(size);
    for (int i = 0; i < size; i++) {
      payload.writeByte(i * 31);
    }
    ByteBuf wire = Unpooled.buffer(size + 16);
    int next = PacketFramer.frame(payload, 0, wire);
    assertThat(next).isEqualTo(2);
    assertThat(wire.readableBytes()).isEqualTo(size + 8);
    assertThat(wire.getUnsignedMediumLE(0)).isEqualTo(MAX);                // first packet: full 0xFFFFFF
    assertThat(wire.getUnsignedByte(3)).isEqualTo((short) 0);              // sequence 0
    assertThat(wire.getUnsignedMediumLE(4 + MAX)).isEqualTo(2);            // second packet: the 2 left over
    assertThat(wire.getUnsignedByte(4 + MAX + 3)).isEqualTo((short) 1);    // sequence 1

    PacketFramer.Framed framed = PacketFramer.tryRead(wire, 0);
    assertThat(framed.nextSequenceId()).isEqualTo(2);
    assertThat(framed.payload().equals(payload)).isTrue();
    framed.payload().release();
  }

  @Test
  void exactlyMaxPayloadIsFollowedByEmptyPacket() {
    ByteBuf payload = Unpooled.buffer(MAX).writeZero(MAX);
    ByteBuf wire = Unpooled.buffer(MAX + 8);
    int next = PacketFramer.frame(payload, 3, wire);
    assertThat(next).isEqualTo(5);
    assertThat(wire.readableBytes()).isEqualTo(MAX + 8);
    assertThat(toHex(wire.slice(MAX + 4, 4))).isEqualTo("000000" + "04"); // empty terminator, sequence 4
    PacketFramer.Framed framed = PacketFramer.tryRead(wire, 3);
    assertThat(framed.payload().readableBytes()).isEqualTo(MAX);
    assertThat(framed.nextSequenceId()).isEqualTo(5);
    framed.payload().release();
  }

  @Test
  void incompleteInputReturnsNullWithoutConsuming() {
    ByteBuf partial = hex("050000", "00", "0102"); // says 5 bytes, only 2 arrived
    assertThat(PacketFramer.tryRead(partial, 0)).isNull();
    assertThat(partial.readerIndex()).isZero();
    assertThat(PacketFramer.tryRead(hex("0500"), 0)).isNull(); // not even a full header
  }

  @Test
  void wrongSequenceIdIsAProtocolError() {
    assertThatThrownBy(() -> PacketFramer.tryRead(hex("010000", "02", "0e"), 1))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("expected sequence id 1, got 2");
  }

  @Test
  void sequenceIdWrapsAt256() {
    ByteBuf out = Unpooled.buffer();
    assertThat(PacketFramer.frame(hex("01"), 255, out)).isZero();
    assertThat(PacketFramer.tryRead(out, 255).nextSequenceId()).isZero();
  }
}
