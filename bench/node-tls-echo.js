// The Node.js side of netkit's TLS benchmarks: RFC 862 echo over TLS with the `tls` module,
// the same shape as node-echo.js. Node's TLS is OpenSSL's (netkit and Netty both use the JDK's).
// usage: node node-tls-echo.js PORT CERT.pem KEY.pem
'use strict';
const fs = require('fs');
const tls = require('tls');

const [port, cert, key] = process.argv.slice(2);
const server = tls.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
// A client that goes away during its handshake is routine under load, not worth a line.
server.on('tlsClientError', () => {});
server.listen({ port: Number(port), backlog: 1024 }, () => console.log(`node tls echo on port ${port}`));
