package dev.netkit.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * RFC 862 echo on Netty 4.2's native epoll transport: every buffer read is written back, and the
 * writes are flushed once per batch of reads. One event loop per CPU the process may use.
 * Usage: {@code NettyEcho PORT [--tls CERT KEY]}.
 *
 * <p>With {@code --tls}, an {@code SslHandler} in front of the echo, from a PEM certificate chain
 * and PKCS#8 key, on the JDK's {@code SSLEngine} ({@link SslProvider#JDK}): the same TLS
 * implementation as netkit's, so that a comparison measures the servers, not two TLS libraries.
 * It is given the JDK's default cipher suites, in the JDK's order, as netkit's server uses them:
 * Netty's own list puts AES-128 first, and the cipher should not be a difference either.
 */
public final class NettyEcho {

    private NettyEcho() {
    }

    /** Stateless, so one instance serves every connection. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // The buffer's ownership passes to the write; no copy, no release here.
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException, GeneralSecurityException, IOException {
        int port = Integer.parseInt(args[0]);
        SslContext tls = null;
        if (args.length == 4 && args[1].equals("--tls")) {
            List<String> jdkCiphers = List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
            tls = SslContextBuilder.forServer(new File(args[2]), new File(args[3]))
                    .sslProvider(SslProvider.JDK)
                    .ciphers(jdkCiphers)
                    .build();
        } else if (args.length != 1) {
            throw new IllegalArgumentException("usage: NettyEcho PORT [--tls CERT KEY]");
        }
        SslContext sslContext = tls;
        Epoll.ensureAvailability();
        int loops = Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        try {
            Echo echo = new Echo();
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (sslContext != null) {
                                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(echo);
                        }
                    })
                    .bind(port).sync().channel();
            System.out.println("netty epoll " + (sslContext == null ? "" : "TLS (JDK SSLEngine) ") + "echo on port " + port
                    + ", " + loops + " event loop(s)");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
