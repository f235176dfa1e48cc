// A stand-in for the article's TODO app: enough for the Dockerfile to make sense.
const http = require('node:http');

http
  .createServer((_req, res) => res.end('goof\n'))
  .listen(3001);
