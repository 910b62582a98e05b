// The Node.js chat of netkit's benchmark suite, doing per line what `netkit serve chat` does:
// every line a member sends reaches every other member as `guest-N: line`. The room is Node.js's usual
// connection set and broadcast() loop; lines are split by hand (at most 1,024 bytes, as netkit's
// chat), each encoded once and written to the others. A member whose unsent output passes 1 MiB
// is disconnected, as netkit's chat does at 1 MiB or 1,024 lines.
// usage: node node-chat.js PORT
'use strict';
const net = require('net');

const MAX_LINE = 1024;
const MAX_PENDING = 1024 * 1024;
const port = Number(process.argv[2]);
const connections = new Set();
let guests = 0;

function broadcast(message, sender) {
  for (const socket of connections) {
    if (socket === sender) continue;
    socket.write(message);
    if (socket.writableLength > MAX_PENDING) socket.destroy();   // too slow to keep up
  }
}

const server = net.createServer((socket) => {
  const prefix = `guest-${++guests}: `;
  let partial = '';
  let skipping = false;                                          // the rest of an overlong line
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  connections.add(socket);
  socket.on('close', () => connections.delete(socket));
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (let line of lines) {
      if (skipping) {
        skipping = false;
        continue;
      }
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length === 0 || line.length > MAX_LINE) continue;
      broadcast(Buffer.from(prefix + line + '\n'), socket);
    }
    if (partial.length > MAX_LINE) {
      partial = '';
      skipping = true;
    }
  });
});
server.listen({ port, backlog: 1024 }, () => console.log(`node chat on port ${port}`));
