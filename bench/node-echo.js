// The Node.js side of netkit's benchmark suite: RFC 862 echo with the `net` module, the way the
// Node.js examples write servers. pipe() carries backpressure: reading pauses while the peer is slow.
// usage: node node-echo.js PORT
'use strict';
const net = require('net');

const port = Number(process.argv[2]);
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen({ port, backlog: 1024 }, () => console.log(`node echo on port ${port}`));
