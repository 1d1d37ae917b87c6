package dev.herald.fsm.transport;

import dev.herald.codec.BgpDecodeException;
import dev.herald.codec.BgpMessage;
import dev.herald.codec.CodecContext;
import dev.herald.codec.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/** A scripted BGP speaker on a blocking socket, for driving a transport step by step. */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    CodecContext context = CodecContext.INITIAL;

    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static RawPeer connect(InetAddress from, InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(to, 5000);
        return new RawPeer(s);
    }

    void send(BgpMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        MessageCodec.encode(m, context, b);
        sendRaw(ByteBufUtil.getBytes(b));
        b.release();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message; throws EOFException when the other side closed. */
    BgpMessage read() throws IOException, BgpDecodeException {
        byte[] header = new byte[MessageCodec.HEADER_LENGTH];
        in.readFully(header);
        int length = (header[16] & 0xFF) << 8 | (header[17] & 0xFF);
        byte[] all = new byte[length];
        System.arraycopy(header, 0, all, 0, header.length);
        in.readFully(all, header.length, length - header.length);
        return MessageCodec.decode(Unpooled.wrappedBuffer(all), context);
    }

    /** Reads until a message of this type arrives, skipping KEEPALIVEs and others. */
    <T extends BgpMessage> T read(Class<T> type) throws IOException, BgpDecodeException {
        while (true) {
            BgpMessage m = read();
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
    }

    /** True when the other side closes without sending anything more. */
    boolean closedWithoutData() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    void expectClosed() throws IOException, BgpDecodeException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException | SocketException closed) {
            return;
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
