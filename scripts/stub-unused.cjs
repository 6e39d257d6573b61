// Bundled in place of modules only cosmiconfig's default loaders use: mamx passes its own loaders,
// so these are never called. Failing loudly beats shipping 80 KB of dead code on every start.
'use strict';
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule') return false;
      throw new Error(`mamx: ${String(key)} of a module left out of the bundle was used`);
    },
  },
);
