const net = require('net');
const readline = require('readline');

let socket = net.createConnection(8080, 'localhost');

socket.on('connect', () => {
  console.log('Connected to echo server');

  // Set up readline for user input
  let rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
  });

  rl.on('line', (line) => {
    socket.write(line + '\n');
  });
});

socket.on('data', (data) => {
  process.stdout.write(data.toString());
});

socket.on('close', () => {
  console.log('Connection closed');
  process.exit();
});

socket.on('error', (err) => {
  console.error('Error:', err);
});
