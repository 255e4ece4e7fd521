#!/usr/bin/env node
// The `aegis` command. The TypeScript sources compile to dist/ (npm ci runs the build).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'scorer', 'src', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('aegis: not built yet; run "npm run build" in ' + path.join(__dirname, '..') + '\n');
  process.exit(1);
}
require(cli).runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
