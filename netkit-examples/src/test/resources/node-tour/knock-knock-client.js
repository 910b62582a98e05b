// Connect to server
let socket = require('net').createConnection(6789, process.argv[2]);

// Pipe server output to stdout
socket.pipe(process.stdout);

// Pipe stdin to server
process.stdin.pipe(socket);

// Exit when connection closes
socket.on('close', () => process.exit());
