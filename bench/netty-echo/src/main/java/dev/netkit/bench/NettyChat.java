package dev.netkit.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat room on Netty 4.2's native epoll transport, doing per line what netkit's
 * {@code serve chat} does: every line a member sends reaches every other member as
 * {@code guest-N: line}. Lines are framed by {@link LineBasedFrameDecoder} (at most 1,024 bytes,
 * as netkit's chat), the room is a {@link ChannelGroup}, and each line is encoded once and
 * written and flushed to the others, as Netty's own chat example does. A member whose unsent
 * output passes 1 MiB (Netty's write buffer high-water mark) is disconnected, as netkit's chat
 * does at 1 MiB or 1,024 lines.
 *
 * <p>Usage: {@code NettyChat PORT [flush-per-read]}. With {@code flush-per-read}, lines are
 * written to the others as they are decoded and flushed once per batch of reads, as
 * {@code NettyEcho} does: fewer system calls when a sender's lines arrive together.
 */
public final class NettyChat {

    private static final int MAX_LINE = 1024;
    private static final AttributeKey<byte[]> PREFIX = AttributeKey.valueOf("prefix");

    private NettyChat() {
    }

    /** One instance for every member: the room is the group. */
    @ChannelHandler.Sharable
    static final class Room extends SimpleChannelInboundHandler<ByteBuf> {
        private final ChannelGroup members = new DefaultChannelGroup("chat", GlobalEventExecutor.INSTANCE);
        private final AtomicInteger guests = new AtomicInteger();
        private final boolean flushPerRead;

        Room(boolean flushPerRead) {
            this.flushPerRead = flushPerRead;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String name = "guest-" + guests.incrementAndGet();
            ctx.channel().attr(PREFIX).set((name + ": ").getBytes(StandardCharsets.UTF_8));
            members.add(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (!line.isReadable()) {
                return;
            }
            byte[] prefix = ctx.channel().attr(PREFIX).get();
            ByteBuf out = ctx.alloc().buffer(prefix.length + line.readableBytes() + 1);
            out.writeBytes(prefix).writeBytes(line).writeByte('\n');
            // The group writes a retained duplicate to each member and releases the original.
            if (flushPerRead) {
                members.write(out, ChannelMatchers.isNot(ctx.channel()), true);
            } else {
                members.writeAndFlush(out, ChannelMatchers.isNot(ctx.channel()), true);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (flushPerRead) {
                members.flush(ChannelMatchers.isNot(ctx.channel()));
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!ctx.channel().isWritable()) {
                ctx.close();   // a member too slow to keep up: cut off, as netkit's chat does
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                return;        // the decoder skips that line; the member stays, as in netkit's chat
            }
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        Epoll.ensureAvailability();
        int loops = Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        try {
            Room room = new Room(args.length > 1 && args[1].equals("flush-per-read"));
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), room);
                        }
                    })
                    .bind(port).sync().channel();
            System.out.println("netty epoll chat on port " + port + ", " + loops + " event loop(s)"
                    + (room.flushPerRead ? ", flush per read" : ""));
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
