package io.flotilla.jdbc;

import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.StandardSocketFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;

/**
 * The Connector/J socket factory of the driver's backend connections ({@code socketFactory}): sockets that stay
 * blocking between timed operations (see {@link BackendSocket}); a {@code socketFactory} the user sets wins.
 */
public class BlockingSocketFactory extends StandardSocketFactory {

    @Override
    protected Socket createSocket(PropertySet props) {
        try {
            return new BackendSocket();
        } catch (IOException e) {
            // Opening a channel fails only when the process is out of file descriptors.
            throw new UncheckedIOException("cannot open a socket channel", e);
        }
    }
}
