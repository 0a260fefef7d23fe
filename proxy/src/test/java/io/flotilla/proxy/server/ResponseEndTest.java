package io.flotilla.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a forwarded response ends, on golden packets (payloads only; a comment per field). */
class ResponseEndTest {

    private static final byte[] OK = {
        0x00,       // header: OK
        0x00,       // affected rows: int<lenenc> 0
        0x00,       // last insert id: int<lenenc> 0
        0x02, 0x00, // status: SERVER_STATUS_AUTOCOMMIT
        0x00, 0x00, // warnings
    };
    private static final byte[] OK_MORE = {
        0x00,       // header: OK
        0x01,       // affected rows 1
        (byte) 0xFC, 0x10, 0x27, // last insert id: int<lenenc> 0xFC + int<2> 10000
        0x0A, 0x00, // status: AUTOCOMMIT | MORE_RESULTS_EXISTS
        0x00, 0x00, // warnings
    };
    private static final byte[] ERR = {
        (byte) 0xFF,                  // header: ERR
        0x7A, 0x04,                   // error code 1146
        '#', '4', '2', 'S', '0', '2', // SQL state marker and state
        'x',                          // message
    };
    private static final byte[] ONE_COLUMN = {0x01};                 // column count: int<lenenc> 1
    private static final byte[] DEFINITION = {0x03, 'd', 'e', 'f'};  // catalog "def" (the rest does not matter here)
    private static final byte[] EOF = {(byte) 0xFE, 0x00, 0x00, 0x02, 0x00};      // header, warnings, status AUTOCOMMIT
    private static final byte[] EOF_MORE = {(byte) 0xFE, 0x00, 0x00, 0x0A, 0x00}; // status AUTOCOMMIT | MORE_RESULTS
    private static final byte[] OK_EOF = {(byte) 0xFE, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}; // 0xFE OK: rows, id, status, warnings
    private static final byte[] TEXT_ROW = {0x01, '7'};              // one value: string<lenenc> "7"
    private static final byte[] BINARY_ROW = {0x00, 0x00, 0x07, 0, 0, 0}; // header 0x00, NULL bitmap, INT 7

    @Test
    void okAndErrEndAtOnce() {
        assertThat(ends(false, OK)).containsExactly(true);
        assertThat(ends(false, ERR)).containsExactly(true);
    }

    @Test
    void aResultSetEndsAtTheEofAfterItsRows() {
        assertThat(ends(false, ONE_COLUMN, DEFINITION, EOF, TEXT_ROW, TEXT_ROW, EOF))
                .containsExactly(false, false, false, false, false, true);
        // A binary row starts with 0x00, which is not an OK inside the rows.
        assertThat(ends(false, ONE_COLUMN, DEFINITION, EOF, BINARY_ROW, EOF)).containsExactly(false, false, false, false, true);
    }

    @Test
    void withDeprecateEofTheRowsEndAtTheFeOk() {
        assertThat(ends(true, ONE_COLUMN, DEFINITION, TEXT_ROW, OK_EOF)).containsExactly(false, false, false, true);
        assertThat(ends(true, ONE_COLUMN, DEFINITION, OK_EOF)).containsExactly(false, false, true); // no rows
    }

    @Test
    void anErrAmongTheRowsEndsTheResponse() {
        assertThat(ends(false, ONE_COLUMN, DEFINITION, EOF, TEXT_ROW, ERR)).containsExactly(false, false, false, false, true);
    }

    @Test
    void moreResultsKeepTheResponseGoing() {
        assertThat(ends(false, ONE_COLUMN, DEFINITION, EOF, TEXT_ROW, EOF_MORE, OK_MORE, OK))
                .containsExactly(false, false, false, false, false, false, true);
    }

    @Test
    void aRowOver16MiBIsNotMistakenForTheEnd() {
        ResponseEnd end = new ResponseEnd(false);
        for (byte[] p : List.of(ONE_COLUMN, DEFINITION, EOF)) {
            assertThat(end.last(Unpooled.wrappedBuffer(p), 0, p.length)).isFalse();
        }
        // First packet of a huge row: starts with 0xFE (int<lenenc> with 8 bytes) and is exactly 0xFFFFFF long.
        ByteBuf huge = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFE, 0, 0, 0, 1, 0, 0, 0, 0});
        assertThat(end.last(huge, 0, 0xFFFFFF)).isFalse();
        // Its continuation may start with anything, even 0xFE or 0xFF.
        assertThat(end.last(Unpooled.wrappedBuffer(ERR), 0, 1)).isFalse();
        assertThat(end.last(Unpooled.wrappedBuffer(EOF), 0, EOF.length)).isTrue();
    }

    @Test
    void aLocalInfileRequestIsRefused() {
        ResponseEnd end = new ResponseEnd(false);
        assertThatThrownBy(() -> end.last(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFB, 'f'}), 0, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("0xfb");
    }

    private static List<Boolean> ends(boolean deprecateEof, byte[]... packets) {
        ResponseEnd end = new ResponseEnd(deprecateEof);
        List<Boolean> out = new ArrayList<>();
        for (byte[] p : packets) {
            out.add(end.last(Unpooled.wrappedBuffer(p), 0, p.length));
        }
        return out;
    }
}
