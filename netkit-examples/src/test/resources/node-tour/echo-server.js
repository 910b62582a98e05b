const net = require('net');

let server = net.createServer((socket) => {
  console.log('Client connected');

  socket.write('Welcome to echo server!\n');

  socket.on('data', (data) => {
    // Echo data back to client
    socket.write(`Echo: ${data}`);
  });

  socket.on('end', () => {
    console.log('Client disconnected');
  });

  socket.on('error', (err) => {
    console.error('Socket error:', err);
  });
});

server.listen(8080, () => {
  console.log('Echo server listening on port 8080');
});

server.on('error', (err) => {
  console.error('Server error:', err);
});
