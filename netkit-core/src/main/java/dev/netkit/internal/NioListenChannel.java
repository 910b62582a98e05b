package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A listening {@link ServerSocketChannel}, TCP or Unix. */
final class NioListenChannel implements ListenChannel {

    private final ServerSocketChannel channel;
    private final Endpoint endpoint;
    private final UnixSocketFiles.Bound socketFile;
    private final boolean tcp;
    private final boolean keepAlive;

    NioListenChannel(ServerSocketChannel channel, Endpoint endpoint, UnixSocketFiles.Bound socketFile, boolean keepAlive) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.socketFile = socketFile;
        this.tcp = endpoint instanceof Endpoint.Tcp;
        this.keepAlive = keepAlive;
    }

    @Override
    public StreamChannel accept() throws IOException {
        SocketChannel accepted = channel.accept();
        try {
            if (tcp) {
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (keepAlive) {
                    accepted.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                }
            }
            return new NioStreamChannel(accepted, tcp);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        // The file first: while the socket is open it holds the file's inode (see Bound.release).
        if (socketFile != null) {
            socketFile.release();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing useful to report
        }
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
