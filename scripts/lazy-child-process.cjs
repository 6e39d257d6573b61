// Bundled in place of node:child_process for commander, which requires it at load time to run
// executable subcommands; mamx has none. Loading it only if ever used saves ~5 ms on every start.
'use strict';
let real;
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      real ??= require('child_process');
      return real[key];
    },
  },
);
